package dev.catalog.local.aws.sns;

/** One PublishBatch entry: the caller's entry id and the publish parameters (topic taken from the batch). */
public record BatchEntry(String id, PublishRequest request) {}
