package io.methodcache.it.target;

public class RepoB implements Repo {
  @Override
  public String load(int id) {
    Bodies.ran("repo-b");
    return "B" + id;
  }
}
