package io.jobkit.tests.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Runs a test class's {@link TestCloud}s against LocalStack (started once per JVM with Testcontainers, plus jobkit's
 * scheduler bridge, since LocalStack stores schedules but never fires them) instead of the embedded local cloud.
 * Combine with {@code @Testcontainers(disabledWithoutDocker = true)} so the class is skipped, with the reason,
 * where no Docker engine runs.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
public @interface OnLocalStack {
}
