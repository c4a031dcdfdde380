package dev.scribe.outbox.internal.consume;

import com.google.common.eventbus.Subscribe;
import dev.scribe.core.ConfigurationException;
import dev.scribe.outbox.ChangeMessage;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

/** One {@code @Subscribe} method of a consumer's listener object. */
public final class SubscribeMethod {
  private final Object target;
  private final Method method;
  private final boolean wantsConnection;

  private SubscribeMethod(Object target, Method method, boolean wantsConnection) {
    this.target = target;
    this.method = method;
    this.wantsConnection = wantsConnection;
    method.setAccessible(true);
  }

  /**
   * The {@code @Subscribe} methods of {@code targets}, in order.
   *
   * @throws ConfigurationException when a method's parameters are not {@code (ChangeMessage)} or
   *     {@code (ChangeMessage, java.sql.Connection)}, or a target has no such method
   */
  public static List<SubscribeMethod> of(List<Object> targets) {
    List<SubscribeMethod> listeners = new ArrayList<>();
    for (Object target : targets) {
      int before = listeners.size();
      for (Method method : target.getClass().getDeclaredMethods()) {
        if (!method.isAnnotationPresent(Subscribe.class)) {
          continue;
        }
        Class<?>[] types = method.getParameterTypes();
        boolean plain = types.length == 1 && types[0] == ChangeMessage.class;
        boolean withConnection = types.length == 2 && types[0] == ChangeMessage.class
            && types[1] == Connection.class;
        if (!plain && !withConnection) {
          throw new ConfigurationException(target.getClass().getName() + "." + method.getName()
              + " must take (ChangeMessage) or (ChangeMessage, java.sql.Connection); change its parameters");
        }
        listeners.add(new SubscribeMethod(target, method, withConnection));
      }
      if (listeners.size() == before) {
        throw new ConfigurationException(target.getClass().getName() + " has no @Subscribe method; annotate a"
            + " method taking a ChangeMessage with com.google.common.eventbus.Subscribe");
      }
    }
    return listeners;
  }

  /** Calls the method; what it throws is thrown as it is. */
  public void invoke(ChangeMessage message, Connection connection) throws Exception {
    try {
      if (wantsConnection) {
        method.invoke(target, message, connection);
      } else {
        method.invoke(target, message);
      }
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof Exception) {
        throw (Exception) e.getCause();
      }
      throw e;
    }
  }
}
