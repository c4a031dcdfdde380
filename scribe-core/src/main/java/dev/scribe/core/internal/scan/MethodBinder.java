package dev.scribe.core.internal.scan;

import dev.scribe.core.internal.Words;
import dev.scribe.core.ConfigurationException;
import dev.scribe.core.EventArgs;
import dev.scribe.core.EventHandler;
import dev.scribe.core.Scribe;
import dev.scribe.core.ScribeException;
import java.lang.invoke.CallSite;
import java.lang.invoke.LambdaMetafactory;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a handler method into an {@link EventHandler} once, at registration, so that dispatch is a
 * plain interface call: a class spun by {@link LambdaMetafactory} where the method's class allows it,
 * a bound {@link MethodHandle} otherwise. No reflection happens per call.
 *
 * <p>One class is spun per method and shared by every instance bound to it, so that the handlers of
 * several subscribers of one class keep the dispatch loop's call site monomorphic. The cache belongs
 * to one {@link Scribe}.
 */
public final class MethodBinder {
  private static final MethodType HANDLE = MethodType.methodType(void.class, EventArgs.class);
  private static final MethodType HANDLE_ON = MethodType.methodType(void.class, Object.class, EventArgs.class);

  private final Map<Method, Factory> factories = new ConcurrentHashMap<>();

  /** A handler calling {@code method} on {@code target}. */
  public EventHandler bind(Object target, Method method) {
    return factories.computeIfAbsent(method, MethodBinder::factory).create(target);
  }

  /** A handler calling {@code method} on the args' {@code self}, which must be an instance of its class. */
  public EventHandler bindToSelf(Method method) {
    Class<?> owner = method.getDeclaringClass();
    MethodHandles.Lookup lookup = lookupFor(method);
    SelfHandler onSelf;
    try {
      MethodHandle handle = lookup.unreflect(method);
      try {
        CallSite site = LambdaMetafactory.metafactory(lookup, "handle", MethodType.methodType(SelfHandler.class),
            HANDLE_ON, handle, MethodType.methodType(void.class, owner, EventArgs.class));
        onSelf = (SelfHandler) site.getTarget().invoke();
      } catch (Throwable notSpinnable) {
        MethodHandle generic = handle.asType(HANDLE_ON);
        onSelf = (self, args) -> invoke(generic, self, args);
      }
    } catch (IllegalAccessException e) {
      throw new ConfigurationException("cannot access handler " + describe(method) + ": " + e.getMessage(), e);
    }
    SelfHandler target = onSelf;
    String name = describe(method);
    return args -> {
      Object self = args.self();
      if (!owner.isInstance(self)) {
        throw new dev.scribe.core.UsageException("handler " + name + " runs on the event's self, but self is "
            + (self == null ? "null" : Words.withArticle(self.getClass().getName())) + ", not " + Words.withArticle(owner.getName())
            + "; fire this manager's events with args whose self is the instance");
      }
      target.handle(self, args);
    };
  }

  public static String describe(Method method) {
    return ConventionScanner.simpleName(method.getDeclaringClass()) + "." + method.getName();
  }

  private static Factory factory(Method method) {
    MethodHandles.Lookup lookup = lookupFor(method);
    MethodHandle handle;
    try {
      handle = lookup.unreflect(method);
    } catch (IllegalAccessException e) {
      throw new ConfigurationException("cannot access handler " + describe(method) + ": " + e.getMessage(), e);
    }
    try {
      CallSite site = LambdaMetafactory.metafactory(lookup, "handle",
          MethodType.methodType(EventHandler.class, method.getDeclaringClass()), HANDLE, handle, HANDLE);
      MethodHandle spun = site.getTarget();
      return target -> {
        try {
          return (EventHandler) spun.invoke(target);
        } catch (Throwable e) {
          throw new ConfigurationException("cannot bind handler " + describe(method) + ": " + e, e);
        }
      };
    } catch (Throwable notSpinnable) {
      return target -> {
        MethodHandle bound = handle.bindTo(target).asType(HANDLE);
        return args -> invoke(bound, args);
      };
    }
  }

  private static MethodHandles.Lookup lookupFor(Method method) {
    try {
      return MethodHandles.privateLookupIn(method.getDeclaringClass(), MethodHandles.lookup());
    } catch (IllegalAccessException e) {
      method.setAccessible(true);
      return MethodHandles.lookup();
    }
  }

  private static void invoke(MethodHandle handle, EventArgs args) {
    try {
      handle.invokeExact(args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable checked) {
      throw new ScribeException("handler threw a checked exception: " + checked, checked);
    }
  }

  private static void invoke(MethodHandle handle, Object self, EventArgs args) {
    try {
      handle.invokeExact(self, args);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Throwable checked) {
      throw new ScribeException("handler threw a checked exception: " + checked, checked);
    }
  }

  /** Makes the handler of one method for one target. */
  @FunctionalInterface
  private interface Factory {
    EventHandler create(Object target);
  }

  /** The shape of a handler method invoked on an instance passed at call time. */
  @FunctionalInterface
  interface SelfHandler {
    void handle(Object self, EventArgs args);
  }
}
