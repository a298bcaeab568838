package io.claimmap.engine.genesys;

/** What a lookup in Genesys Cloud (live, or in an export) answered. */
public enum LookupStatus { FOUND, NOT_FOUND, UNAVAILABLE }
