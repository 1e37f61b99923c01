package dev.catalog.local.aws.cloudformation;

import java.util.Map;

/** A custom resource's function, as its ServiceToken names it: the runtime invokes it like any other trigger. */
@FunctionalInterface
public interface ResourceFunction {

    /** @throws Exception when the function failed, and so has not answered */
    void invoke(Map<String, Object> request) throws Exception;
}
