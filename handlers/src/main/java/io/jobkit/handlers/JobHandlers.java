package io.jobkit.handlers;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.type.TypeFactory;
import io.jobkit.client.JobValidationException;
import io.jobkit.client.spi.JobTypes;
import io.jobkit.client.wire.EnvelopeCodec;
import io.jobkit.handlers.builtin.BuiltinHandlers;
import io.jobkit.handlers.builtin.WebhookHandler;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The registry of job types and their handlers. Immutable; build it explicitly, or let a runtime discover it.
 *
 * <pre>{@code
 * JobHandlers handlers = JobHandlers.builder()
 *     .handler("email.send", SendEmail.class, (email, ctx) -> mailer.send(email))
 *     .build();
 * }</pre>
 */
public final class JobHandlers {
    /** Environment variable naming a {@link JobHandlerProvider} class. */
    public static final String PROVIDER_ENV = "JOBKIT_HANDLERS";

    private final Map<String, Registration<?, ?>> byType;
    private final ObjectMapper mapper;

    private JobHandlers(Map<String, Registration<?, ?>> byType, ObjectMapper mapper) {
        this.byType = Collections.unmodifiableMap(new LinkedHashMap<>(byType));
        this.mapper = mapper;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * Handlers from the provider class named in {@code JOBKIT_HANDLERS} (comma-separated for several) plus every
     * provider registered with {@link ServiceLoader}, plus the built-in {@code webhook} when
     * {@code JOBKIT_WEBHOOK_ENABLED=true}. Fails when no handler is found at all, because a worker
     * without handlers would send every job to its DLQ.
     */
    public static JobHandlers discover(Map<String, String> env) {
        Builder b = builder();
        String names = env.get(PROVIDER_ENV);
        if (names != null && !names.isBlank()) {
            for (String name : names.split(",")) {
                if (!name.isBlank()) instantiate(name.trim()).register(b);
            }
        }
        for (JobHandlerProvider p : ServiceLoader.load(JobHandlerProvider.class)) {
            if (names == null || !names.contains(p.getClass().getName())) p.register(b);
        }
        // the built-in webhook is opt-in (it makes outbound requests wherever a payload points)
        if (WebhookHandler.enabled(env) && (names == null || !names.contains(BuiltinHandlers.class.getName()))) {
            new BuiltinHandlers(env).register(b);
        }
        JobHandlers handlers = b.build();
        if (handlers.types().isEmpty()) {
            throw new JobValidationException("no job handlers found; set " + PROVIDER_ENV + " to your JobHandlerProvider"
                    + " class, or list it in META-INF/services/" + JobHandlerProvider.class.getName()
                    + " (the built-in webhook needs " + WebhookHandler.ENABLED_ENV + "=true)");
        }
        return handlers;
    }

    static JobHandlerProvider instantiate(String className) {
        try {
            Class<?> c = Class.forName(className, true, Thread.currentThread().getContextClassLoader());
            if (!JobHandlerProvider.class.isAssignableFrom(c)) {
                throw new JobValidationException(PROVIDER_ENV + " names " + className + ", which does not implement "
                        + JobHandlerProvider.class.getName());
            }
            return (JobHandlerProvider) c.getConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new JobValidationException(PROVIDER_ENV + " names class " + className + ", which is not on the classpath");
        } catch (ReflectiveOperationException e) {
            throw new JobValidationException(PROVIDER_ENV + " class " + className + " could not be created; it needs a"
                    + " public no-argument constructor (" + e + ")", e);
        }
    }

    public Optional<Registration<?, ?>> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    public Set<String> types() {
        return byType.keySet();
    }

    /** The mapper used to decode payloads and encode results. */
    public ObjectMapper mapper() {
        return mapper;
    }

    /**
     * A handler with the payload type it expects.
     *
     * @param payloadType what Jackson decodes the payload into ({@code JsonNode} when the handler is not specific)
     */
    public record Registration<P, R>(String type, JavaType payloadType, JobHandler<P, R> handler) {

        /**
         * Decodes {@code payload}; a mismatch is an {@link IllegalArgumentException} whose message names the field,
         * what it must be and how to fix it, without quoting the payload.
         */
        public P decode(ObjectMapper mapper, JsonNode payload) {
            try {
                return mapper.convertValue(payload, payloadType);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(PayloadErrors.describe(e), e);
            }
        }
    }

    public static final class Builder {
        private final Map<String, Registration<?, ?>> byType = new LinkedHashMap<>();
        private ObjectMapper mapper = EnvelopeCodec.mapper();

        private Builder() {
        }

        /** Registers {@code handler} for {@code type}, decoding payloads into {@code payloadType}. */
        public <P, R> Builder handler(String type, Class<P> payloadType, JobHandler<P, R> handler) {
            return add(type, TypeFactory.defaultInstance().constructType(Objects.requireNonNull(payloadType, "payloadType")), handler);
        }

        /**
         * Registers {@code handler} for {@code type}; the payload type is read from the handler class's
         * {@code JobHandler<P, R>} declaration, or is {@code JsonNode} for lambdas (whose type arguments are erased).
         */
        public <P, R> Builder handler(String type, JobHandler<P, R> handler) {
            return add(type, payloadTypeOf(handler), handler);
        }

        /** The mapper for payloads and results (default: Jackson with java.time support, lenient on unknown fields). */
        public Builder mapper(ObjectMapper mapper) {
            this.mapper = Objects.requireNonNull(mapper, "mapper");
            return this;
        }

        /** Adds everything another registry has; a type registered twice is an error. */
        public Builder include(JobHandlers other) {
            other.byType.values().forEach(r -> put(r.type(), r));
            return this;
        }

        public JobHandlers build() {
            return new JobHandlers(byType, mapper);
        }

        private <P, R> Builder add(String type, JavaType payloadType, JobHandler<P, R> handler) {
            JobTypes.validate(type);
            return put(type, new Registration<>(type, payloadType, Objects.requireNonNull(handler, "handler")));
        }

        private Builder put(String type, Registration<?, ?> registration) {
            if (byType.putIfAbsent(type, registration) != null) {
                throw new JobValidationException("job type '" + type + "' has two handlers; register each type once");
            }
            return this;
        }

        private static JavaType payloadTypeOf(JobHandler<?, ?> handler) {
            for (Class<?> c = handler.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
                for (Type t : c.getGenericInterfaces()) {
                    if (t instanceof ParameterizedType p && p.getRawType() == JobHandler.class) {
                        return TypeFactory.defaultInstance().constructType(p.getActualTypeArguments()[0]);
                    }
                }
            }
            return TypeFactory.defaultInstance().constructType(JsonNode.class);
        }
    }
}
