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
      java.util.Set<String> seen = new java.util.HashSet<>();
      for (Method method : methods(target.getClass())) {
        if (!method.isAnnotationPresent(Subscribe.class)
            || !seen.add(method.getName() + java.util.Arrays.toString(method.getParameterTypes()))) {
          continue; // an override is the method that runs, once
        }
        method.setAccessible(true);
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

  /**
   * The methods of {@code type}, of its superclasses and of the interfaces they implement, the subclass's first:
   * Guava's bus finds {@code @Subscribe} on any supertype, an interface's included, and calls the implementation.
   */
  private static List<Method> methods(Class<?> type) {
    List<Method> methods = new ArrayList<>();
    java.util.Set<Class<?>> interfaces = new java.util.LinkedHashSet<>();
    for (Class<?> current = type; current != null && current != Object.class; current = current.getSuperclass()) {
      methods.addAll(java.util.Arrays.asList(current.getDeclaredMethods()));
      collectInterfaces(current, interfaces);
    }
    for (Class<?> contract : interfaces) {
      for (Method method : contract.getDeclaredMethods()) {
        if (!java.lang.reflect.Modifier.isStatic(method.getModifiers())) {
          methods.add(method);
        }
      }
    }
    return methods;
  }

  private static void collectInterfaces(Class<?> type, java.util.Set<Class<?>> into) {
    for (Class<?> contract : type.getInterfaces()) {
      if (into.add(contract)) {
        collectInterfaces(contract, into);
      }
    }
  }

  /** True when the method takes the {@code java.sql.Connection} of the consumer's de-duplication too. */
  public boolean wantsConnection() {
    return wantsConnection;
  }

  /** {@code Class.method}, for messages. */
  public String name() {
    return method.getDeclaringClass().getSimpleName() + "." + method.getName();
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
