package io.jobkit.local;

import io.jobkit.client.JobValidationException;
import org.junit.jupiter.api.Test;

import java.net.BindException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTest {

    @Test
    void isBindFailure_findsABindExceptionAnywhereInTheCauses() {
        Exception wrapped = new IllegalStateException("start failed", new RuntimeException(new BindException("x")));

        assertThat(Ports.isBindFailure(wrapped)).isTrue();
        assertThat(Ports.isBindFailure(new IllegalStateException("something else"))).isFalse();
    }

    @Test
    void unavailable_forAPrivilegedPort_saysSoInsteadOfInUse() {
        BindException denied = new BindException("Permission denied");

        assertThat(Ports.unavailable(LocalService.SQS, 80, denied))
                .hasMessage("port 80 (SQS) needs privileges this process does not have; choose one above 1023 with --sqs-port");
    }

    @Test
    void validate_rejectsPortsOutsideTheTcpRange() {
        assertThatThrownBy(() -> LocalCloud.builder().dynamoDbPort(-1))
                .isInstanceOf(JobValidationException.class)
                .hasMessage("DynamoDB port -1 is out of range; use 1-65535, or 0 for any free port");
    }
}
