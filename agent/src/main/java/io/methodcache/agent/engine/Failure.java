package io.methodcache.agent.engine;

import io.methodcache.agent.bootstrap.Hit;

/**
 * Handed to a stampede waiter whose leader's body threw: the waiter skips its body and its exit
 * rethrows the leader's very throwable, as if its own call had thrown it.
 */
final class Failure extends Hit {
  Failure(Throwable thrown) {
    super(thrown);
  }
}
