package io.jobkit.spring;

import io.jobkit.client.JobClient;
import io.jobkit.client.JobEnqueuer;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.time.Clock;

/**
 * jobkit for Spring Boot: a {@link JobClient} (also the {@link JobEnqueuer} services should depend on) from
 * {@code jobkit.*} and the AWS conventions, a worker running the handler beans for the application's lifetime, a
 * {@code jobkit} health indicator and Micrometer meters. Every bean backs off when the application defines its own.
 */
@AutoConfiguration
@EnableConfigurationProperties(JobkitProperties.class)
public class JobkitAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    JobClient jobkitClient(JobkitProperties properties) {
        return JobClient.fromEnvironment(properties.toEnvironment(System.getenv()));
    }

    @Bean
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "jobkit.worker", name = "enabled", havingValue = "true", matchIfMissing = true)
    JobkitWorker jobkitWorker(ConfigurableApplicationContext context, JobClient client, JobkitProperties properties) {
        return new JobkitWorker(context, client, properties.getWorker());
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(HealthIndicator.class)
    static class Health {
        @Bean
        @ConditionalOnEnabledHealthIndicator("jobkit")
        @ConditionalOnMissingBean(name = "jobkitHealthIndicator")
        HealthIndicator jobkitHealthIndicator(JobClient client, ObjectProvider<JobkitWorker> worker,
                                              JobkitProperties properties) {
            return new JobkitHealthIndicator(client, worker.getIfAvailable(), properties);
        }
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(MeterRegistry.class)
    static class Metrics {
        @Bean
        @ConditionalOnMissingBean
        QueueDepthMeters jobkitQueueDepthMeters(JobClient client) {
            return new QueueDepthMeters(client, Clock.systemUTC());
        }
    }
}
