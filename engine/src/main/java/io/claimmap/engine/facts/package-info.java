/**
 * The fact model that rules are written against. Facts: {@link io.claimmap.engine.facts.Token} (one per input) and
 * {@link io.claimmap.engine.facts.Claim} (one per claim or SAML attribute). Globals: {@code mapping}
 * ({@link io.claimmap.engine.facts.MappingDraft}), {@code findings} ({@link io.claimmap.engine.facts.Findings}) and
 * {@code contacts} ({@link io.claimmap.engine.facts.Contacts}). docs/RULES.md describes them with examples.
 */
package io.claimmap.engine.facts;
