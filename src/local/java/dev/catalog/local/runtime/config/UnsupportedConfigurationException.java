package dev.catalog.local.runtime.config;

/** serverless.yml uses something the local runtime cannot emulate; names the file and the key. */
public class UnsupportedConfigurationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UnsupportedConfigurationException(String file, String key, String problem) {
        super(file + ": " + key + ": " + problem);
    }
}
