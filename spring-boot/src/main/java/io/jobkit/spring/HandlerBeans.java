package io.jobkit.spring;

import io.jobkit.client.JobValidationException;
import io.jobkit.handlers.JobContext;
import io.jobkit.handlers.JobHandler;
import io.jobkit.handlers.JobHandlers;
import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.MethodIntrospector;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.ReflectionUtils;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Map;

/**
 * Collects the application's handlers once every singleton exists: {@link JobHandlers} beans, {@link JobHandler}
 * beans annotated with {@link JobkitHandler}, and {@link JobkitHandler} methods of any bean.
 */
final class HandlerBeans {

    private HandlerBeans() {
    }

    static JobHandlers collect(ConfigurableApplicationContext context) {
        JobHandlers.Builder b = JobHandlers.builder();
        for (JobHandlers registry : context.getBeansOfType(JobHandlers.class, false, false).values()) b.include(registry);
        for (Map.Entry<String, JobHandler> e : context.getBeansOfType(JobHandler.class, false, false).entrySet()) {
            addHandlerBean(b, e.getKey(), e.getValue());
        }
        ConfigurableListableBeanFactory factory = context.getBeanFactory();
        for (String name : factory.getBeanNamesForType(Object.class, false, false)) {
            Class<?> type = factory.getType(name, false);
            if (type == null) continue;
            Map<Method, JobkitHandler> methods = MethodIntrospector.selectMethods(type,
                    (MethodIntrospector.MetadataLookup<JobkitHandler>) m -> AnnotatedElementUtils.findMergedAnnotation(m, JobkitHandler.class));
            if (methods.isEmpty()) continue;
            Object bean = factory.getBean(name);
            methods.forEach((method, annotation) -> addMethod(b, annotation.value(), bean, method));
        }
        return b.build();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    private static void addHandlerBean(JobHandlers.Builder b, String beanName, JobHandler handler) {
        JobkitHandler annotation = AnnotatedElementUtils.findMergedAnnotation(AopUtils.getTargetClass(handler), JobkitHandler.class);
        if (annotation == null) {
            throw new JobValidationException("JobHandler bean '" + beanName + "' has no job type; annotate its class with"
                    + " @JobkitHandler(\"some.type\"), or register it in a JobHandlers bean");
        }
        b.handler(annotation.value(), handler);
    }

    private static void addMethod(JobHandlers.Builder b, String type, Object bean, Method method) {
        Class<?>[] params = method.getParameterTypes();
        boolean withContext = params.length == 2 && JobContext.class.isAssignableFrom(params[1]);
        if (params.length < 1 || params.length > 2 || (params.length == 2 && !withContext)) {
            throw new JobValidationException("@JobkitHandler method " + method + " must take (Payload) or"
                    + " (Payload, JobContext)");
        }
        Method invocable = AopUtils.selectInvocableMethod(method, bean.getClass());
        ReflectionUtils.makeAccessible(invocable);
        register(b, type, params[0], (payload, ctx) -> {
            try {
                return withContext ? invocable.invoke(bean, payload, ctx) : invocable.invoke(bean, payload);
            } catch (InvocationTargetException e) {
                // the handler's own exception decides the outcome (retry, fail, cancel), not the reflective wrapper
                if (e.getCause() instanceof Exception cause) throw cause;
                throw e;
            }
        });
    }

    @SuppressWarnings("unchecked")
    private static <P> void register(JobHandlers.Builder b, String type, Class<?> payloadType, JobHandler<Object, Object> h) {
        b.handler(type, (Class<P>) payloadType, (JobHandler<P, Object>) (JobHandler<?, ?>) h);
    }
}
