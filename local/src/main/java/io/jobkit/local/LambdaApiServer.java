package io.jobkit.local;

import io.jobkit.admin.AdminServer;
import io.jobkit.local.lambda.LocalLambdaApi;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The local Lambda API (event source mappings) as a part of the local cloud. Its client environment points the SDK's
 * Lambda client at it and turns on the admin API's event source switch, so pausing a queue locally disables its
 * local mapping exactly as it disables the real one on AWS.
 */
final class LambdaApiServer implements LocalComponent {
    static final String ENDPOINT_VARIABLE = "AWS_ENDPOINT_URL_LAMBDA";
    private final LocalLambdaApi api;

    private LambdaApiServer(LocalLambdaApi api) {
        this.api = api;
    }

    static LambdaApiServer start(int port) {
        try {
            return new LambdaApiServer(LocalLambdaApi.start(port));
        } catch (RuntimeException e) {
            if (Ports.isBindFailure(e)) throw new IllegalStateException("the local Lambda API cannot listen on 127.0.0.1:"
                    + port + "; pass another port (0 picks a free one)", e);
            throw e;
        }
    }

    LocalLambdaApi api() {
        return api;
    }

    @Override
    public String name() {
        return "Lambda event source mappings (jobkit local)";
    }

    @Override
    public Map<String, String> clientEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put(ENDPOINT_VARIABLE, api.endpoint().toString());
        env.put(AdminServer.PAUSE_LAMBDA_VARIABLE, "true");
        return env;
    }

    @Override
    public void close() {
        api.close();
    }
}
