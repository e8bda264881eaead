package io.jobkit.cdk;

import software.amazon.awscdk.App;
import software.amazon.awscdk.Stack;
import software.amazon.awscdk.assertions.Annotations;
import software.amazon.awscdk.assertions.Match;
import software.amazon.awscdk.assertions.Template;
import software.amazon.awscdk.cxapi.SynthesisMessage;
import software.amazon.awscdk.services.iam.IRole;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Test support: a synthesised stack (one per test class: jsii start-up and synthesis are the slow part), its
 * template, cdk-nag findings, and helpers that read IAM statements in a comparable form.
 */
final class Synth {
    final Stack stack;
    final Template template;
    final Map<String, Object> json;

    Synth(Stack stack) {
        this.stack = stack;
        this.template = Template.fromStack(stack);
        this.json = template.toJSON();
    }

    /** A tiny zip standing in for the handlers bundle: the tests must not need a real build of handlers/. */
    static Path fakeLambdaBundle() {
        try {
            Path jar = Files.createTempFile("jobkit-handlers-lambda", ".jar");
            // An empty zip archive (end-of-central-directory record only).
            Files.write(jar, new byte[]{'P', 'K', 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0});
            jar.toFile().deleteOnExit();
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A repository layout with the real Dockerfile and a stand-in CLI jar, for the Fargate image asset. */
    static Path fakeRepository() {
        try {
            Path root = Files.createTempDirectory("jobkit-repo");
            Files.createDirectories(root.resolve("infra-cdk/docker"));
            Files.copy(Path.of("docker/Dockerfile"), root.resolve(WorkerImage.DOCKERFILE));
            Files.createDirectories(root.resolve("cli/target/classes"));
            Files.writeString(root.resolve(WorkerImage.DEFAULT_CLI_JAR), "stand-in jar");
            Files.writeString(root.resolve("cli/target/classes/Unrelated.class"), "must not reach the image");
            Files.writeString(root.resolve("README.md"), "must not reach the image");
            return root;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** An app with {@code context}, writing its assembly to a temporary directory. */
    static App app(Map<String, Object> context) {
        try {
            return App.Builder.create().context(context)
                    .outdir(Files.createTempDirectory("cdk-out").toString()).build();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** cdk-nag errors and warnings on the stack, one line each, for a readable assertion failure. */
    List<String> nagFindings() {
        List<String> out = new ArrayList<>();
        for (SynthesisMessage m : Annotations.fromStack(stack).findError("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
            out.add("ERROR " + m.getId() + " " + m.getEntry().getData());
        }
        for (SynthesisMessage m : Annotations.fromStack(stack).findWarning("*", Match.stringLikeRegexp("AwsSolutions-.*"))) {
            out.add("WARN " + m.getId() + " " + m.getEntry().getData());
        }
        return out;
    }

    /** Every warning or error annotation, for checking that a clean config synthesises without noise. */
    List<String> allMessages() {
        List<String> out = new ArrayList<>();
        Annotations.fromStack(stack).findError("*", Match.anyValue()).forEach(m -> out.add("ERROR " + m.getEntry().getData()));
        Annotations.fromStack(stack).findWarning("*", Match.anyValue()).forEach(m -> out.add("WARN " + m.getEntry().getData()));
        return out;
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> resources(String type) {
        Map<String, Map<String, Object>> out = new LinkedHashMap<>();
        ((Map<String, Object>) json.get("Resources")).forEach((id, r) -> {
            Map<String, Object> res = (Map<String, Object>) r;
            if (type.equals(res.get("Type"))) out.put(id, res);
        });
        return out;
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> props(Map<String, Object> resource) {
        return (Map<String, Object>) resource.get("Properties");
    }

    /** The template form of a token (e.g. a queue ARN becomes {@code {Fn::GetAtt: [id, Arn]}}). */
    Object resolve(Object value) {
        return stack.resolve(value);
    }

    /** The logical id of {@code role}, as {@code {Ref: id}} in the template. */
    Object ref(IRole role) {
        return resolve(role.getRoleName());
    }

    /** All statements of the IAM policies attached to {@code role}, normalised by {@link Statement#of}. */
    @SuppressWarnings("unchecked")
    List<Statement> statements(IRole role) {
        Object ref = ref(role);
        List<Statement> out = new ArrayList<>();
        for (Map<String, Object> policy : resources("AWS::IAM::Policy").values()) {
            List<Object> roles = (List<Object>) props(policy).get("Roles");
            if (roles == null || !roles.contains(ref)) continue;
            Map<String, Object> doc = (Map<String, Object>) props(policy).get("PolicyDocument");
            for (Object s : (List<Object>) doc.get("Statement")) out.add(Statement.of((Map<String, Object>) s));
        }
        return out;
    }

    /** One Allow statement: its actions, its resources, its condition (null if none). */
    record Statement(List<String> actions, List<Object> resources, Object condition) {

        @SuppressWarnings("unchecked")
        static Statement of(Map<String, Object> s) {
            if (!"Allow".equals(s.get("Effect"))) throw new AssertionError("not an Allow statement: " + s);
            Object a = s.get("Action");
            Object r = s.get("Resource");
            return new Statement(a instanceof List<?> l ? (List<String>) l : List.of((String) a),
                    r instanceof List<?> l ? (List<Object>) l : List.of(r), s.get("Condition"));
        }

        static Statement allow(List<String> actions, List<Object> resources) {
            return new Statement(actions, resources, null);
        }
    }
}
