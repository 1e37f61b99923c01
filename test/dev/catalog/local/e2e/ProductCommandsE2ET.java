package dev.catalog.local.e2e;

/** {@link ProductCommandsSuite} on the local runtime's embedded services. */
class ProductCommandsE2ET extends ProductCommandsSuite {

    @Override
    protected PipelineUnderTest startPipeline() throws Exception {
        return RuntimePipeline.embedded();
    }
}
