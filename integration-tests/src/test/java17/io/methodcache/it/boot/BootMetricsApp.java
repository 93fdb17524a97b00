package io.methodcache.it.boot;

import io.methodcache.it.apps.AgentProbe;
import io.methodcache.it.apps.Report;
import io.methodcache.it.apps.metrics.MetricsApp;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A Spring Boot web application with Actuator and the Prometheus registry, configured as an
 * application would be (nothing about the agent): calls {@code price} on a known sequence (3
 * misses, 4 hits) and {@code save} once, prints the rules' MBean numbers, says READY and serves
 * until its stdin closes.
 */
@SpringBootApplication
public class BootMetricsApp {
  public static void main(String[] args) throws Exception {
    SpringApplication app = new SpringApplication(BootMetricsApp.class);
    app.setBannerMode(Banner.Mode.OFF);
    ConfigurableApplicationContext context = app.run(args);
    Quotes quotes = context.getBean(Quotes.class);
    for (long id : new long[] {1, 2, 1, 1, 3, 2, 3}) {
      quotes.price(id);
    }
    quotes.save(1);
    Report.put("bodies", String.valueOf(Quotes.BODIES.get()));
    AgentProbe.reportAgent();
    MetricsApp.reportNumbers("price");
    MetricsApp.reportNumbers("save");
    Report.put("ready", "true");
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    while (in.readLine() != null) {
      // served until the test has scraped
    }
    context.close();
  }
}
