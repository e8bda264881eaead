package io.jobkit.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpOptionsTest {
    private static final Path BUNDLE = Path.of(System.getProperty(UpOptions.BUNDLE_PROPERTY,
            "handlers/target/jobkit-handlers-lambda.jar"));

    @Test
    void parse_withoutFlags_usesTheDefaultPortsAndRegion() throws UsageException {
        assertThat(UpOptions.parse(List.of())).isEqualTo(new UpOptions(9324, 8000, 8085, "us-east-1", null, true, 8, UpOptions.RuntimeKind.WORKER, BUNDLE, 8090));
    }

    @Test
    void parse_acceptsSpaceAndEqualsForms() throws UsageException {
        UpOptions options = UpOptions.parse(List.of("--sqs-port", "19324", "--dynamodb-port=18000",
                "--scheduler-port", "18085", "--region=eu-west-1", "--prefix", "demo", "--concurrency=4", "--no-worker"));

        assertThat(options).isEqualTo(new UpOptions(19324, 18000, 18085, "eu-west-1", "demo", false, 4, UpOptions.RuntimeKind.WORKER, BUNDLE, 8090));
    }

    @Test
    void parse_portZero_meansAnyFreePortForEach() throws UsageException {
        assertThat(UpOptions.parse(List.of("--sqs-port=0", "--dynamodb-port=0", "--scheduler-port=0")))
                .isEqualTo(new UpOptions(0, 0, 0, "us-east-1", null, true, 8, UpOptions.RuntimeKind.WORKER, BUNDLE, 8090));
    }

    @Test
    void parse_concurrencyOutOfRange_isRejected() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--concurrency=0")))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --concurrency needs a number 1-1000, got '0'");
    }

    @Test
    void parse_nonNumericPort_namesFlagAndValue() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--sqs-port", "abc")))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --sqs-port needs a port number 1-65535 (or 0 for any free port), got 'abc'");
    }

    @Test
    void parse_portOutOfRange_isRejected() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--dynamodb-port=70000")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("--dynamodb-port").hasMessageContaining("'70000'");
    }

    @Test
    void parse_flagWithoutValue_saysSo() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--region")))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --region needs a value");
    }

    @Test
    void parse_unknownOption_listsTheKnownOnes() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--sqsport=1")))
                .isInstanceOf(UsageException.class)
                .hasMessage("unknown option '--sqsport=1'; known options: --sqs-port, --dynamodb-port, --scheduler-port,"
                        + " --region, --prefix, --concurrency, --no-worker, --runtime, --lambda-bundle, --dashboard-port");
    }

    @Test
    void parse_dashboardPort_movesTheConsole() throws Exception {
        assertThat(UpOptions.parse(List.of("--dashboard-port", "0")).dashboardPort()).isZero();
        assertThat(UpOptions.parse(List.of("--dashboard-port=9090")).dashboardPort()).isEqualTo(9090);
        assertThatThrownBy(() -> UpOptions.parse(List.of("--dashboard-port", "x"))).isInstanceOf(UsageException.class);
    }

    @Test
    void parse_samePortForBothServices_isRejected() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--sqs-port=9000", "--dynamodb-port=9000")))
                .isInstanceOf(UsageException.class)
                .hasMessageContaining("both 9000");
        assertThatThrownBy(() -> UpOptions.parse(List.of("--dynamodb-port=9000", "--scheduler-port=9000")))
                .isInstanceOf(UsageException.class)
                .hasMessage("--dynamodb-port and --scheduler-port are both 9000; give them different ports");
    }

    @Test
    void parse_runtime_selectsTheLambdaPaths() throws UsageException {
        assertThat(UpOptions.parse(List.of()).runtime()).isEqualTo(UpOptions.RuntimeKind.WORKER);
        assertThat(UpOptions.parse(List.of("--runtime", "lambda")).runtime()).isEqualTo(UpOptions.RuntimeKind.LAMBDA);
        UpOptions isolated = UpOptions.parse(List.of("--runtime=lambda-isolated", "--lambda-bundle", "/tmp/b.jar"));
        assertThat(isolated.runtime()).isEqualTo(UpOptions.RuntimeKind.LAMBDA_ISOLATED);
        assertThat(isolated.lambdaBundle()).isEqualTo(Path.of("/tmp/b.jar"));
    }

    @Test
    void parse_unknownRuntime_listsTheChoices() {
        assertThatThrownBy(() -> UpOptions.parse(List.of("--runtime", "fargate")))
                .isInstanceOf(UsageException.class)
                .hasMessage("option --runtime needs worker, lambda or lambda-isolated, got 'fargate'");
    }
}
