package io.sre4j.spring.boot;

import java.util.Locale;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless {@code sre4j.enabled} is {@code false}, {@code no} or {@code off} (any case), as
 * the key reads it; a bad value matches, so that reading the configuration fails naming it.
 */
final class Sre4jEnabledCondition implements Condition {

  @Override
  public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
    String value = context.getEnvironment().getProperty(EnvironmentConfig.PREFIX + "enabled");
    if (value == null) {
      return true;
    }
    String lower = value.trim().toLowerCase(Locale.ROOT);
    return !(lower.equals("false") || lower.equals("no") || lower.equals("off"));
  }
}
