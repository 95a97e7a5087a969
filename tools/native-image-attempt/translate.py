#!/usr/bin/env python3
"""Does what GraalVM's native-image launcher (not published on Maven Central) does before it starts
the image builder: turns target/native-sources/native-image.args into the builder JVM's arguments
and the builder's own -H: options, including what the class path's META-INF/native-image holds.
Written for the options Quarkus emits for this service, not as a general launcher.

Usage: translate.py <native-sources dir> <builder jars dir> <output dir> > argfile
"""
import os
import uuid
import re
import sys
import zipfile

# launcher option -> builder option (GraalVM 25.0's @APIOption declarations)
API = {
    '--features': 'Features',
    '--enable-url-protocols': 'EnableURLProtocols',
    '--enable-monitoring': 'EnableMonitoringFeatures',
    '--enable-native-access': 'EnableNativeAccess',
    '--link-at-build-time': 'LinkAtBuildTime',
    '--trace-object-instantiation': 'TraceObjectInstantiation',
}
CONFIG_KINDS = {
    'reflect-config.json': 'ReflectionConfigurationResources',
    'resource-config.json': 'ResourceConfigurationResources',
    'jni-config.json': 'JNIConfigurationResources',
    'proxy-config.json': 'DynamicProxyConfigurationResources',
    'serialization-config.json': 'SerializationConfigurationResources',
    'predefined-classes-config.json': 'PredefinedClassesConfigurationResources',
    'reachability-metadata.json': 'ReachabilityMetadataResources',
}


def translate(args, origin, jvm, builder, excludes):
    """One list of launcher arguments into JVM arguments and builder options."""
    i = 0
    while i < len(args):
        a = args[i]
        if a.startswith('-J'):
            jvm.append(a[2:])
        elif a.startswith('-D'):
            jvm.append(a)
        elif a.startswith('-H:'):
            builder.append(a)
        elif a == '--no-fallback':
            builder.append('-H:FallbackThreshold=0')
        elif a.startswith('--initialize-at-build-time') or a.startswith('--initialize-at-run-time'):
            when = 'build_time' if 'build-time' in a else 'run_time'
            classes = a.split('=', 1)[1].split(',') if '=' in a else ['']
            builder.append('-H:ClassInitialization=' + ','.join(c + ':' + when for c in classes))
        elif a == '--exclude-config':
            excludes.append((re.compile(args[i + 1]), re.compile(args[i + 2])))
            i += 2
        elif a.split('=', 1)[0] in API:
            name, _, value = a.partition('=')
            builder.append('-H:' + API[name] + '=' + value)
        elif a.startswith('--add-exports') or a.startswith('--add-opens'):
            kind = 'AddExports' if 'exports' in a else 'AddOpens'
            builder.append('-H:' + kind + '=' + a.split('=', 1)[1])
        elif a in ('-jar',):
            builder.append(('-jar', args[i + 1]))
            i += 1
        elif not a.startswith('-'):
            builder.append(('name', a))
        else:
            sys.stderr.write('not translated (%s): %s\n' % (origin, a))
        i += 1


def main():
    sources, jars, out = sys.argv[1:4]
    args = open(os.path.join(sources, 'native-image.args')).read().split()
    jvm, builder, excludes = [], [], []
    translate(args, 'native-image.args', jvm, builder, excludes)
    jar = next(os.path.join(sources, b[1]) for b in builder if isinstance(b, tuple) and b[0] == '-jar')
    name = next((b[1] for b in builder if isinstance(b, tuple) and b[0] == 'name'), 'image')
    builder = [b for b in builder if not isinstance(b, tuple)]
    with zipfile.ZipFile(jar) as z:
        manifest = z.read('META-INF/MANIFEST.MF').decode().replace('\r\n ', '').replace('\n ', '')
    main_class = re.search(r'^Main-Class: (.+)$', manifest, re.M).group(1).strip()
    # the manifest's Add-Opens/Add-Exports hold for the image's class path, as the launcher does for -jar
    for header, option in (('Add-Opens', 'AddOpens'), ('Add-Exports', 'AddExports')):
        found = re.search(r'^%s: (.+)$' % header, manifest, re.M)
        for package in (found.group(1).split() if found else []):
            builder.append('-H:%s=%s=ALL-UNNAMED' % (option, package))
    class_path = [jar] + [os.path.normpath(os.path.join(os.path.dirname(jar), p))
                          for p in re.search(r'^Class-Path: (.+)$', manifest, re.M).group(1).split()]
    # the SDK's own jars belong to the builder, not to the image's class path
    class_path = [p for p in class_path if os.path.exists(p) and not re.search(r'org\.graalvm\.sdk\.', os.path.basename(p))]
    for entry in class_path:
        with zipfile.ZipFile(entry) as z:
            for member in z.namelist():
                if not member.startswith('META-INF/native-image/') or member.endswith('/'):
                    continue
                if any(j.search(os.path.basename(entry)) or j.search(entry) for j, _ in excludes) and \
                        any(r.search('/' + member) for _, r in excludes):
                    continue
                base = os.path.basename(member)
                if base == 'native-image.properties':
                    props = z.read(member).decode()
                    props = re.sub(r'\\\n\s*', ' ', props)
                    found = re.search(r'^Args\s*[=:]\s*(.+)$', props, re.M)
                    if found:
                        translate(found.group(1).split(), member, jvm, builder, excludes)
                elif base in CONFIG_KINDS:
                    builder.append('-H:%s=%s' % (CONFIG_KINDS[base], member))
    builder = [b for b in builder if not isinstance(b, tuple)]
    modules = sorted(os.path.join(jars, j) for j in os.listdir(jars) if not j.startswith('compiler-'))
    compiler = next(os.path.join(jars, j) for j in os.listdir(jars) if j.startswith('compiler-'))
    lines = [
        '-XX:+UnlockExperimentalVMOptions', '-XX:+EnableJVMCI', '-XX:-UseJVMCICompiler',
        '-Dtruffle.TrustAllTruffleRuntimeProviders=true',
        '-Dtruffle.TruffleRuntime=com.oracle.truffle.api.impl.DefaultTruffleRuntime',
        '-Dgraalvm.ForcePolyglotInvalid=true', '-Dgraalvm.locatorDisabled=true', '-Dsubstratevm.HostLibC=glibc',
        '-Xss10m', '-XX:+UseParallelGC', '-XX:MaxRAMPercentage=60', '-XX:GCTimeRatio=9', '-XX:+ExitOnOutOfMemoryError',
        '-Djava.awt.headless=true', '-Dorg.graalvm.version=25.0.0', '-Dorg.graalvm.vendor=GraalVM Community',
        # what a GraalVM CE 25.0.0 launcher sets; Quarkus parses it at build time (GraalVM.Version)
        '-Dorg.graalvm.vendorversion=GraalVM CE 25+37.1',
        '-Dcom.oracle.graalvm.isaot=true',
        '-Djava.system.class.loader=com.oracle.svm.hosted.NativeImageSystemClassLoader',
        '-Dorg.graalvm.nativeimage.imagecode=buildtime', '-Xshare:off',
        '-Djdk.internal.lambda.disableEagerInitialization=true', '-Djdk.internal.lambda.eagerlyInitialize=false',
        '-Djava.lang.invoke.InnerClassLambdaMetafactory.initializeLambdas=false',
        '-Djava.lang.invoke.MethodHandle.DONT_INLINE_THRESHOLD=-1', '-Djava.lang.invoke.MethodHandle.PROFILE_GWT=false',
    ]
    lines += open(os.path.join(os.path.dirname(__file__), 'builder-add-exports.txt')).read().split()
    lines += jvm
    lines += ['--upgrade-module-path', compiler, '--module-path', ':'.join(modules),
              '--add-modules', 'ALL-DEFAULT,ALL-MODULE-PATH',
              '--module', 'org.graalvm.nativeimage.builder/com.oracle.svm.hosted.NativeImageGeneratorRunner',
              '-imagecp', ':'.join(class_path),
              '-H:Path=' + out, '-H:Name=' + name, '-H:Class=' + main_class,
              '-H:CLibraryPath=' + os.path.join(out, 'clibraries'),
              # the launcher's: a fresh id per build (ImmutableCollections' salt, the image's build id)
              '-H:ImageBuildID=' + str(uuid.uuid4())]
    lines += builder
    # builder options to add for one run, e.g. BUILDER_OPTIONS='-H:TraceClassInitialization=a.B'
    lines += os.environ.get('BUILDER_OPTIONS', '').split()
    if os.environ.get('ANALYSIS_ONLY', '1') == '1':
        # stop after the points-to analysis: it is what reports missing registrations and wrong
        # build-time initialisation, and it alone needs no static JDK libraries (NativeLibraries)
        lines += ['-H:+UnlockExperimentalVMOptions', '-H:+ReturnAfterAnalysis', '-H:-UnlockExperimentalVMOptions']
    for line in lines:
        # one argument per line; a value with spaces is quoted for the java launcher's @file
        print('"%s"' % line.replace('\\', '\\\\') if (' ' in line or '\\' in line) else line)


if __name__ == '__main__':
    main()
