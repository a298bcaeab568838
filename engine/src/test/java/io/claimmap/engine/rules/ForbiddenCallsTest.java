package io.claimmap.engine.rules;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Files and the network are out of a rule's reach by any of the JDK's doors, not only java.io, java.nio and java.net:
 * each consequence below reads or writes a file, opens a connection, or calls what it likes by reflection.
 */
class ForbiddenCallsTest {
    @ParameterizedTest
    @ValueSource(strings = {
            "javax.net.SocketFactory.getDefault().createSocket( \"127.0.0.1\", 9 );",
            "javax.net.ssl.SSLSocketFactory.getDefault();",
            "java.sql.DriverManager.getConnection( \"jdbc:x://127.0.0.1/\" );",
            "java.rmi.Naming.lookup( \"rmi://127.0.0.1/x\" );",
            "mapping.setExternalId( \"\" + new java.util.zip.ZipFile( \"/etc/passwd\" ).size() );",
            "new java.util.jar.JarFile( \"/tmp/x.jar\" );",
            "new java.util.logging.FileHandler( \"/tmp/claimmap-%u.log\" );",
            "new java.util.Formatter( \"/tmp/claimmap.txt\" ).close();",
            "java.util.prefs.Preferences.userRoot().put( \"k\", \"v\" );",
            "javax.xml.parsers.DocumentBuilderFactory.newDefaultInstance().newDocumentBuilder().parse( \"file:///etc/passwd\" );",
            "new java.beans.Statement( System.class, \"exit\", new Object[]{ 3 } ).execute();",
            "new javax.script.ScriptEngineManager().getEngineByName( \"js\" );",
            "javax.tools.ToolProvider.getSystemJavaCompiler();",
            "java.lang.management.ManagementFactory.getRuntimeMXBean();",
            "com.sun.net.httpserver.HttpServer.create();",
            "jdk.jshell.JShell.create();",
            "mapping.setExternalId( \"\" + Token.class.getResource( \"/\" ) );",
            "Token.class.getResourceAsStream( \"/META-INF/MANIFEST.MF\" );",
    })
    void aConsequenceThatReachesFilesNetworkOrReflectionIsForbidden(String consequence) {
        String drl = "package acme.bad;\nimport io.claimmap.engine.facts.*;\nglobal MappingDraft mapping;\n\n"
                + "rule \"bad\"\nwhen\n    Token( )\nthen\n    " + consequence + "\nend\n";
        List<RuleProblem> problems = RuleLinter.forbiddenNames("bad.drl", drl);
        assertEquals(RuleProblem.FORBIDDEN_CALL, problems.isEmpty() ? "none" : problems.get(0).code(), consequence);
        assertEquals(9, problems.get(0).line(), problems.toString());
    }
}
