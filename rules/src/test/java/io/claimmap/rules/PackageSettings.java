package io.claimmap.rules;

/** ApprovalTests configuration: approved files live in approvals/ beside the tests. */
public class PackageSettings {
    public static String UseApprovalSubdirectory = "approvals";
}
