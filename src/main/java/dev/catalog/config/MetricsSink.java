package dev.catalog.config;

/** Where a function's metrics go ({@code CATALOG_METRICS}): EMF lines, CloudWatch PutMetricData, or memory. */
public enum MetricsSink { EMF, CLOUDWATCH, MEMORY }
