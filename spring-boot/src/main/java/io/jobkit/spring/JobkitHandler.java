package io.jobkit.spring;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the job type a bean handles. On a method of any bean: the method's first parameter is the payload (bound
 * from JSON by Jackson), an optional second {@code JobContext} parameter the context, and the return value the
 * result. On a {@code JobHandler} bean class: that handler's type.
 *
 * <pre>{@code
 * @Component
 * class Mailer {
 *     @JobkitHandler("email.send")
 *     Receipt send(SendEmail email, JobContext ctx) { ... }
 * }
 * }</pre>
 */
@Target({ElementType.METHOD, ElementType.TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
public @interface JobkitHandler {

    /** The job type, e.g. {@code email.send}. */
    String value();
}
