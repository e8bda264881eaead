package io.jobkit.cli.support;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** What one run of the CLI produced. */
public record CliRun(int exit, String out, String err) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** stdout parsed as JSON; fails the test with the output when it is not. */
    public JsonNode json() {
        try {
            return JSON.readTree(out);
        } catch (JsonProcessingException e) {
            throw new AssertionError("stdout is not JSON: " + e.getOriginalMessage() + "\n--- stdout:\n" + out + "\n--- stderr:\n" + err);
        }
    }

    /** stdout without the trailing newline. */
    public String line() {
        return out.strip();
    }

    @Override
    public String toString() {
        return "exit " + exit + "\n--- stdout:\n" + out + "--- stderr:\n" + err;
    }
}
