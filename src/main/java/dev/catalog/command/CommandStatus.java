package dev.catalog.command;

/** Where a command stands: written ACCEPTED by the API, moved once to SUCCEEDED or FAILED by its reply. */
public enum CommandStatus { ACCEPTED, SUCCEEDED, FAILED }
