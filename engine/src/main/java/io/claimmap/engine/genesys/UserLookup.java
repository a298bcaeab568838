package io.claimmap.engine.genesys;

/**
 * The Genesys user a search by email or username finds: QM shows this profile's name and department.
 *
 * @param status            found, not found, or unavailable
 * @param id                the user's id when found, else null
 * @param name              the profile's name (null when the profile has none)
 * @param department        the profile's department (null when the profile has none)
 * @param email             the profile's email
 * @param unavailableReason why the org could not answer, when unavailable, else null
 */
public record UserLookup(LookupStatus status, String id, String name, String department, String email,
                         String unavailableReason) {
    public static UserLookup found(String id, String name, String department, String email) {
        return new UserLookup(LookupStatus.FOUND, id, name, department, email, null);
    }

    public static UserLookup notFound() {
        return new UserLookup(LookupStatus.NOT_FOUND, null, null, null, null, null);
    }

    public static UserLookup unavailable(String reason) {
        return new UserLookup(LookupStatus.UNAVAILABLE, null, null, null, null, reason);
    }
}
