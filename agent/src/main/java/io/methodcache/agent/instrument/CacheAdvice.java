package io.methodcache.agent.instrument;

import io.methodcache.agent.bootstrap.Dispatch;
import io.methodcache.agent.bootstrap.Hit;
import net.bytebuddy.asm.Advice;
import net.bytebuddy.implementation.bytecode.assign.Assigner;

/**
 * The advice inlined into cached methods: one enter variant per call shape (so methods of up to
 * three arguments pass them without an array) and one exit. They refer to nothing but the bridge
 * and JDK types, use no fields or helpers of their own, and decide nothing themselves.
 *
 * <p>Enter is {@code suppress}ed: should the bridge ever throw, the body runs as if uncached. Exit
 * is not: it must be able to rethrow a stampede leader's throwable to a waiter, and its only other
 * work is to return what the engine returns (the method's own result, or the cached one).
 */
final class CacheAdvice {
  private CacheAdvice() {}

  static final class Enter0 {
    @Advice.OnMethodEnter(skipOn = Hit.class, suppress = Throwable.class)
    static Object enter(@SiteId int site, @Advice.This(optional = true) Object self) {
      return Dispatch.enter0(site, self);
    }
  }

  static final class Enter1 {
    @Advice.OnMethodEnter(skipOn = Hit.class, suppress = Throwable.class)
    static Object enter(@SiteId int site, @Advice.This(optional = true) Object self,
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object a0) {
      return Dispatch.enter1(site, self, a0);
    }
  }

  static final class Enter2 {
    @Advice.OnMethodEnter(skipOn = Hit.class, suppress = Throwable.class)
    static Object enter(@SiteId int site, @Advice.This(optional = true) Object self,
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object a0,
        @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) Object a1) {
      return Dispatch.enter2(site, self, a0, a1);
    }
  }

  static final class Enter3 {
    @Advice.OnMethodEnter(skipOn = Hit.class, suppress = Throwable.class)
    static Object enter(@SiteId int site, @Advice.This(optional = true) Object self,
        @Advice.Argument(value = 0, typing = Assigner.Typing.DYNAMIC) Object a0,
        @Advice.Argument(value = 1, typing = Assigner.Typing.DYNAMIC) Object a1,
        @Advice.Argument(value = 2, typing = Assigner.Typing.DYNAMIC) Object a2) {
      return Dispatch.enter3(site, self, a0, a1, a2);
    }
  }

  static final class EnterN {
    @Advice.OnMethodEnter(skipOn = Hit.class, suppress = Throwable.class)
    static Object enter(@SiteId int site, @Advice.This(optional = true) Object self,
        @Advice.AllArguments Object[] args) {
      return Dispatch.enterN(site, self, args);
    }
  }

  static final class Exit {
    /**
     * Everything but "nothing to do" goes to the engine, which returns the cached value of a hit,
     * rethrows a stampede leader's throwable, or returns the method's own result. Kept this small
     * on purpose: the woven method must stay small enough for the JIT to inline into its callers.
     */
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object state,
        @Advice.Return(readOnly = false, typing = Assigner.Typing.DYNAMIC) Object returned,
        @Advice.Thrown Throwable thrown) {
      if (state != null) {
        returned = Dispatch.exit(state, returned, thrown);
      }
    }
  }

  /** For a write rule's void method: no result to complete, only the engine to tell. */
  static final class ExitVoid {
    @Advice.OnMethodExit(onThrowable = Throwable.class)
    static void exit(@Advice.Enter Object state, @Advice.Thrown Throwable thrown) {
      if (state != null) {
        Dispatch.exit(state, null, thrown);
      }
    }
  }

  static Class<?> enterFor(int arity) {
    switch (arity) {
      case 0: return Enter0.class;
      case 1: return Enter1.class;
      case 2: return Enter2.class;
      case 3: return Enter3.class;
      default: return EnterN.class;
    }
  }
}
