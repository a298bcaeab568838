package io.claimmap.engine.genesys;

/**
 * Where Genesys users are looked up by email or username: the org itself ({@code --genesys}). Implementations are
 * thread-safe.
 */
public interface UserDirectory {
    /** No directory: nothing can be said about the agent's Genesys profile. */
    UserDirectory NONE = emailOrUsername -> null;

    /** The user with this exact email or username; null when no directory is configured. */
    UserLookup find(String emailOrUsername);

    /** The org's users. */
    static UserDirectory of(GenesysOrg org) {
        return org::findUser;
    }
}
