package io.methodcache.it.target;

/** A method whose rule keys on a property path: {@code "{1.customer.id}/{0}"}. */
public class Orders {
  /** A customer with a public field and no getter: the key template reads the field. */
  public static final class Customer {
    public final long id;
    public final String name;

    public Customer(long id, String name) {
      this.id = id;
      this.name = name;
    }
  }

  /** An order with a getter for its customer and a note the key template ignores. */
  public static final class Order {
    private final Customer customer;
    private final String note;

    public Order(Customer customer, String note) {
      this.customer = customer;
      this.note = note;
    }

    public Customer getCustomer() { return customer; }
    public String getNote() { return note; }
  }

  public String summary(String region, Order order) {
    Bodies.ran("summary");
    return region + ":" + order.getCustomer().id + ":" + order.getCustomer().name;
  }

  /** Its rule keys on "{0.customer.id}"; an order may have no customer. */
  public String label(Order order) {
    Bodies.ran("null-path");
    return order.getCustomer() == null ? "order:anon" : "order:" + order.getCustomer().id;
  }
}
