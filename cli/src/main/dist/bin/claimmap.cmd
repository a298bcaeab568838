@echo off
rem claimmap on Windows: runs the claimmap CLI with %JAVA_HOME%\bin\java.exe, else java on the PATH (JDK 17+).
rem CLAIMMAP_JAVA_OPTS adds JVM options. The JDK's default class-data archive is used (no claimmap archive here).
rem serve finds its jars (lib\server\) itself: io.claimmap.cli.ServerJars.
setlocal
set "CLAIMMAP_JAR=%~dp0..\claimmap.jar"
if defined JAVA_HOME (
  set "JAVA_EXE=%JAVA_HOME%\bin\java.exe"
) else (
  set "JAVA_EXE=java.exe"
)
if "%~1"=="serve" (
  set "CLAIMMAP_JVM=-XX:+UseSerialGC -Xms96m -Xmx96m -Xss512k"
) else (
  set "CLAIMMAP_JVM=-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:CICompilerCount=1 -Xss512k -Xms8m -Xmx128m"
)
"%JAVA_EXE%" %CLAIMMAP_JVM% -Xshare:auto %CLAIMMAP_JAVA_OPTS% -jar "%CLAIMMAP_JAR%" %*
exit /b %ERRORLEVEL%
