package io.jobkit.admin;

import io.jobkit.client.schedule.ScheduleExpression;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ScheduleDescriptionTest {
    @Test
    void rates_andEveryForms_readAsAnInterval() {
        assertThat(ScheduleDescription.of(ScheduleExpression.parse("every 15 minutes"))).isEqualTo("every 15 minutes");
        assertThat(ScheduleDescription.of(ScheduleExpression.parse("rate(1 hour)"))).isEqualTo("every hour");
        assertThat(ScheduleDescription.of(ScheduleExpression.parse("every 2 days"))).isEqualTo("every 2 days");
    }

    @Test
    void unixAndAwsCron_areDescribedByCronUtils_inWords() {
        String unix = ScheduleDescription.of(ScheduleExpression.parse("0 9 * * 1"));
        assertThat(unix).containsIgnoringCase("9").containsIgnoringCase("monday");
        String aws = ScheduleDescription.of(ScheduleExpression.parse("cron(30 6 * * ? *)"));
        assertThat(aws).contains("6:30");
    }
}
