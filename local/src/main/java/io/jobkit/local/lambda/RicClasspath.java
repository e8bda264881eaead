package io.jobkit.local.lambda;

import io.jobkit.client.JobkitException;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;

/**
 * The classpath of an isolated environment's runtime: the AWS Lambda Runtime Interface Client and what it needs
 * (aws-lambda-java-core, aws-lambda-java-serialization, the SDK's utils-lite), found where this JVM loaded them
 * from. The function's own code is not on it: the RIC loads the bundle from the task root, as on AWS.
 */
final class RicClasspath {
    private static final String[][] JARS = {
            {"com.amazonaws.services.lambda.runtime.api.client.AWSLambda", "aws-lambda-java-runtime-interface-client"},
            {"com.amazonaws.services.lambda.runtime.serialization.PojoSerializer", "aws-lambda-java-serialization"},
            {"com.amazonaws.services.lambda.runtime.Context", "aws-lambda-java-core"},
            {"software.amazon.awssdk.utilslite.SdkInternalThreadLocal", "software.amazon.awssdk:utils-lite"},
    };

    private RicClasspath() {
    }

    static String get() {
        List<String> entries = new ArrayList<>();
        for (String[] jar : JARS) entries.add(locate(jar[0], jar[1]).toString());
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Path locate(String className, String artifact) {
        try {
            CodeSource source = Class.forName(className, false, RicClasspath.class.getClassLoader())
                    .getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) throw new ClassNotFoundException(className);
            return Path.of(source.getLocation().toURI());
        } catch (ClassNotFoundException | URISyntaxException e) {
            throw new JobkitException("the isolated Lambda mode needs " + artifact + " on the classpath (jobkit-local"
                    + " depends on com.amazonaws:aws-lambda-java-runtime-interface-client at runtime scope); " + e, e);
        }
    }
}
