package io.methodcache.agent.bootstrap;

/**
 * What the inlined advice calls, through {@link Dispatch}. Enter methods return null (run the body,
 * nothing more to do), a {@link Hit} (skip the body), or a state object handed back to
 * {@link #exit}. Implementations never throw from an enter method, and throw from
 * {@link #exit} only to rethrow a throwable the method itself raised (a stampede leader's failure
 * delivered to its waiters).
 */
public interface Dispatcher {
  Object enter0(int site, Object self);

  Object enter1(int site, Object self, Object a0);

  Object enter2(int site, Object self, Object a0, Object a1);

  Object enter3(int site, Object self, Object a0, Object a1, Object a2);

  Object enterN(int site, Object self, Object[] args);

  /** Completes a call whose enter returned {@code state}; returns the value the caller gets. */
  Object exit(Object state, Object returned, Throwable thrown);

  /** Used until the engine installs itself, and after a fatal fault: every call runs its body. */
  Dispatcher NOOP = new Dispatcher() {
    @Override public Object enter0(int site, Object self) { return null; }
    @Override public Object enter1(int site, Object self, Object a0) { return null; }
    @Override public Object enter2(int site, Object self, Object a0, Object a1) { return null; }
    @Override public Object enter3(int site, Object self, Object a0, Object a1, Object a2) { return null; }
    @Override public Object enterN(int site, Object self, Object[] args) { return null; }
    @Override public Object exit(Object state, Object returned, Throwable thrown) { return returned; }
  };
}
