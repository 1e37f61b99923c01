package dev.catalog.local.e2e;

/** {@link MessagingSuite} on LocalStack: its SNS fan-out, filter policies, FIFO queues and redrive. */
@RequiresDockerEngine
class MessagingOnLocalStackE2ET extends MessagingSuite {

    @Override
    protected PipelineUnderTest startPipeline() throws Exception {
        return LocalStackPipeline.start();
    }
}
