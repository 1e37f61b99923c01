package dev.catalog.local.e2e;

import dev.catalog.local.runtime.LocalOptions;

/** {@link DocumentsSuite} with the handlers in the runtime's JVM. */
class DocumentsE2ET extends DocumentsSuite {

    @Override
    protected LocalOptions.FunctionMode functionMode() {
        return LocalOptions.FunctionMode.IN_PROCESS;
    }

    @Override
    protected boolean runsTheLargeImport() {
        return true;
    }
}
