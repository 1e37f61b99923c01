package dev.catalog.local.e2e;

import dev.catalog.local.runtime.LocalOptions;

/** {@link DocumentsSuite} with every function run from the Lambda artifact through AWS's runtime interface client. */
class DocumentsOnLambdaRuntimeE2ET extends DocumentsSuite {

    @Override
    protected LocalOptions.FunctionMode functionMode() {
        return LocalOptions.FunctionMode.LAMBDA_RUNTIME;
    }

    @Override
    protected boolean runsTheLargeImport() {
        return false;
    }
}
