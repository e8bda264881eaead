package io.jobkit.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.jobkit.client.JobValidationException;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** {@code --payload JSON | --payload-file FILE}, shared by the commands that carry a job payload. */
public final class PayloadOptions {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Option(names = "--payload", paramLabel = "JSON", description = "The job's input as JSON (default: {}).")
    String payload;

    @Option(names = "--payload-file", paramLabel = "FILE", description = "Read the JSON payload from FILE.")
    Path payloadFile;

    /** The payload given, {@code {}} when none; bad JSON or a missing file is a {@link JobValidationException}. */
    public JsonNode payload() {
        if (payload != null && payloadFile != null) {
            throw new JobValidationException("give the payload either with --payload or with --payload-file, not both");
        }
        String text;
        String source;
        if (payloadFile != null) {
            source = "payload file " + payloadFile;
            try {
                text = Files.readString(payloadFile);
            } catch (NoSuchFileException e) {
                throw new JobValidationException("payload file " + payloadFile + " does not exist");
            } catch (IOException e) {
                throw new JobValidationException("payload file " + payloadFile + " could not be read: " + e.getMessage());
            }
        } else if (payload != null) {
            source = "--payload";
            text = payload;
        } else {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(text);
            if (node == null || node.isMissingNode()) throw new JobValidationException(source + " is empty; give a JSON value such as {}");
            return node;
        } catch (JsonProcessingException e) {
            throw new JobValidationException(source + " is not valid JSON: " + e.getOriginalMessage()
                    + " at line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr());
        }
    }
}
