package dev.catalog.local.runtime.functions;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How one function's execution environments start: the JVM command up to the runtime interface
 * client's main class, the extracted artifact they run in, and their environment variables.
 *
 * @param environment every variable the process gets (the function's own, Lambda's reserved ones,
 *     the SDK's endpoint settings), except {@code AWS_LAMBDA_RUNTIME_API}, which is per process
 */
public record LambdaLaunch(List<String> jvm, Path taskRoot, Map<String, String> environment, String functionArn) {
    /** The runtime interface client's entry point; its one argument is the handler. */
    static final String RUNTIME_INTERFACE_CLIENT = "com.amazonaws.services.lambda.runtime.api.client.AWSLambda";

    public LambdaLaunch {
        jvm = List.copyOf(jvm);
        environment = Map.copyOf(environment);
    }

    /** The same function started without SnapStart: no priming runs at init. */
    public LambdaLaunch onDemand() {
        Map<String, String> variables = new java.util.LinkedHashMap<>(environment);
        variables.put("AWS_LAMBDA_INITIALIZATION_TYPE", "on-demand");
        return new LambdaLaunch(jvm.stream().filter(option -> !option.startsWith("-Dorg.crac.Core.Compat=")).toList(), taskRoot,
                variables, functionArn);
    }

    List<String> command(String handlerReference) {
        List<String> command = new ArrayList<>(jvm);
        command.add(RUNTIME_INTERFACE_CLIENT);
        command.add(handlerReference);
        return command;
    }
}
