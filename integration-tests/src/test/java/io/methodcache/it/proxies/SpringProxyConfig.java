package io.methodcache.it.proxies;

import java.util.concurrent.atomic.AtomicInteger;
import org.aopalliance.intercept.MethodInterceptor;
import org.springframework.aop.Advisor;
import org.springframework.aop.framework.autoproxy.DefaultAdvisorAutoProxyCreator;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.aop.support.NameMatchMethodPointcutAdvisor;
import org.springframework.aop.support.annotation.AnnotationMatchingPointcut;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A Spring container as Spring Boot sets it up for AOP: an auto-proxy creator that proxies beans
 * by subclass (CGLIB, {@code proxyTargetClass = true}), a security advisor on {@code @AdminOnly}
 * methods, and a counting advisor on {@code Catalog#price} standing for any other aspect.
 */
@Configuration
public class SpringProxyConfig {
  /** Calls that went through the counting interceptor. */
  public static final AtomicInteger INTERCEPTED = new AtomicInteger();

  @Bean
  public static DefaultAdvisorAutoProxyCreator autoProxyCreator() {
    DefaultAdvisorAutoProxyCreator creator = new DefaultAdvisorAutoProxyCreator();
    creator.setProxyTargetClass(true);
    return creator;
  }

  /** The security check: a guest is refused before the bean is reached. */
  public static MethodInterceptor security() {
    return invocation -> {
      Caller.requireAdmin(invocation.getMethod().getName() + "(" + invocation.getArguments()[0]
          + ")");
      return invocation.proceed();
    };
  }

  @Bean
  public static Advisor securityAdvisor() {
    return new DefaultPointcutAdvisor(AnnotationMatchingPointcut.forMethodAnnotation(
        AdminOnly.class), security());
  }

  @Bean
  public static Advisor countingAdvisor() {
    NameMatchMethodPointcutAdvisor advisor = new NameMatchMethodPointcutAdvisor(
        (MethodInterceptor) invocation -> {
          INTERCEPTED.incrementAndGet();
          return invocation.proceed();
        });
    advisor.setMappedName("price");
    return advisor;
  }

  @Bean
  public Secured secured() {
    return new Secured();
  }

  @Bean
  public Catalog catalog() {
    return new Catalog();
  }
}
