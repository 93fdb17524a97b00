package io.methodcache.it.target;

public class RepoA implements Repo {
  @Override
  public String load(int id) {
    Bodies.ran("repo-a");
    return "A" + id;
  }
}
