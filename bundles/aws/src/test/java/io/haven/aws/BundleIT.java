package io.haven.aws;

import static org.assertj.core.api.Assertions.assertThat;

import io.haven.testing.moto.MotoExtension;
import io.haven.testing.moto.MotoServer;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.felix.framework.FrameworkFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.launch.Framework;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The packaged bundle in a bare Felix framework: it must resolve with only haven-api and slf4j
 * beside it, and the embedded SDK must work from inside it (no ServiceLoader across bundles,
 * resources found, STS and assume-role against moto). Everything is reached by reflection so
 * that no class of the test's own class path is used.
 */
@ExtendWith(MotoExtension.class)
class BundleIT {

    private static Framework framework;
    private static Bundle aws;

    @BeforeAll
    static void startFramework() throws Exception {
        Path storage = Files.createTempDirectory(Path.of("target"), "felix-");
        Map<String, String> config = new HashMap<>();
        config.put(Constants.FRAMEWORK_STORAGE, storage.toString());
        config.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
        framework = new FrameworkFactory().newFramework(config);
        framework.start();
        BundleContext context = framework.getBundleContext();
        List<Bundle> bundles = List.of(
                install(context, jarOf(org.osgi.util.function.Function.class)),
                install(context, jarOf(org.osgi.util.promise.Promise.class)),
                install(context, jarOf(org.osgi.service.component.ComponentContext.class)),
                install(context, jarOf(org.apache.felix.scr.info.ScrInfo.class)),
                install(context, jarOf(io.haven.api.target.TargetType.class)),
                install(context, jarOf(org.slf4j.Logger.class)),
                install(context, jarOf(org.slf4j.impl.SimpleLogger.class)),
                aws = install(context, Path.of(System.getProperty("haven.aws.bundle")).toUri().toString()));
        for (Bundle bundle : bundles) {
            bundle.start();
        }
    }

    @AfterAll
    static void stopFramework() throws Exception {
        framework.stop();
        framework.waitForStop(10_000);
    }

    @Test
    void resolvesAndExportsTheSdk() {
        assertThat(aws.getState()).isEqualTo(Bundle.ACTIVE);
        String exports = aws.getHeaders().get(Constants.EXPORT_PACKAGE);
        assertThat(exports).contains("io.haven.aws;", "io.haven.aws.ec2;", "io.haven.aws.artifact;", "io.haven.aws.rds;",
                "software.amazon.awssdk.services.ec2;", "software.amazon.awssdk.services.sts;",
                "software.amazon.awssdk.services.rds;", "software.amazon.awssdk.services.redshift;",
                "software.amazon.awssdk.services.dynamodb;", "software.amazon.awssdk.http.urlconnection;",
                "software.amazon.awssdk.core;", "software.amazon.awssdk.regions;");
        assertThat(exports).doesNotContain("software.amazon.awssdk.http.apache", "software.amazon.awssdk.http.nio.netty");
    }

    @Test
    void registersTheAwsClientsServiceThroughDs(MotoServer moto) throws Exception {
        ServiceTracker<Object, Object> tracker = new ServiceTracker<>(framework.getBundleContext(),
                framework.getBundleContext().createFilter("(objectClass=io.haven.aws.AwsClients)"), null);
        tracker.open(true);
        try {
            Object service = tracker.waitForService(10_000);
            assertThat(service).as("AwsClients service").isNotNull();
            // no configuration: DS defaults (real AWS), so the identity brings moto's endpoint
            Object identity = construct("io.haven.aws.AwsIdentity", "account-1",
                    construct("io.haven.aws.Credentials$StaticKeys", "test", "test"), moto.endpoint());
            Method verify = aws.loadClass("io.haven.aws.AwsClients").getMethod("verify",
                    aws.loadClass("io.haven.aws.AwsIdentity"), String.class);

            assertThat(withoutContextClassLoader(() -> verify.invoke(service, identity, null))).isEqualTo("123456789012");
        } finally {
            tracker.close();
        }
    }

    @Test
    void verifiesStaticKeysAndAssumedRolesFromInsideTheFramework(MotoServer moto) throws Exception {
        Object settings = construct("io.haven.aws.AwsSettings", moto.endpoint(), "us-east-1", null, 0, 2);
        Object clients = construct("io.haven.aws.DefaultAwsClients", settings);
        Object keys = construct("io.haven.aws.Credentials$StaticKeys", "test", "test");
        Object identity = construct("io.haven.aws.AwsIdentity", "account-1", keys, null);
        Object role = construct("io.haven.aws.AwsIdentity", "account-2",
                construct("io.haven.aws.Credentials$AssumeRole", identity, "arn:aws:iam::111111111111:role/r", null), null);
        Method verify = aws.loadClass("io.haven.aws.DefaultAwsClients").getMethod("verify",
                aws.loadClass("io.haven.aws.AwsIdentity"), String.class);

        try {
            assertThat(withoutContextClassLoader(() -> verify.invoke(clients, identity, "us-east-1"))).isEqualTo("123456789012");
            assertThat(withoutContextClassLoader(() -> verify.invoke(clients, role, "eu-west-1"))).isEqualTo("111111111111");
        } finally {
            ((AutoCloseable) clients).close();
        }
    }

    @Test
    void embeddedQueryAndJsonServicesWorkFromInsideTheFramework(MotoServer moto) throws Exception {
        Object settings = construct("io.haven.aws.AwsSettings", moto.endpoint(), "us-east-1", null, 0, 2);
        Object clients = construct("io.haven.aws.DefaultAwsClients", settings);
        Object identity = construct("io.haven.aws.AwsIdentity", "account-1",
                construct("io.haven.aws.Credentials$StaticKeys", "test", "test"), null);
        Object ctx = aws.loadClass("io.haven.aws.DefaultAwsClients")
                .getMethod("context", aws.loadClass("io.haven.aws.AwsIdentity"), String.class)
                .invoke(clients, identity, "eu-west-1");
        Method client = aws.loadClass("io.haven.api.target.CloudContext").getMethod("client", Class.class);
        try {
            // RDS and Redshift speak the query protocol, DynamoDB the JSON protocol.
            for (String[] call : new String[][] {
                    {"software.amazon.awssdk.services.rds.RdsClient", "describeDBInstances", "dbInstances"},
                    {"software.amazon.awssdk.services.redshift.RedshiftClient", "describeClusters", "clusters"},
                    {"software.amazon.awssdk.services.dynamodb.DynamoDbClient", "listTables", "tableNames"}}) {
                Object result = withoutContextClassLoader(() -> {
                    Class<?> type = aws.loadClass(call[0]);
                    Object response = type.getMethod(call[1]).invoke(client.invoke(ctx, type));
                    return response.getClass().getMethod(call[2]).invoke(response);
                });
                assertThat(result).as(call[0]).isInstanceOf(List.class);
            }
        } finally {
            ((AutoCloseable) clients).close();
        }
    }

    /** Karaf's threads carry no context class loader that sees the SDK: neither may the test's calls. */
    private static Object withoutContextClassLoader(Callable<Object> call) throws Exception {
        ClassLoader previous = Thread.currentThread().getContextClassLoader();
        Thread.currentThread().setContextClassLoader(ClassLoader.getPlatformClassLoader());
        try {
            return call.call();
        } finally {
            Thread.currentThread().setContextClassLoader(previous);
        }
    }

    private static Object construct(String className, Object... args) throws Exception {
        for (Constructor<?> constructor : aws.loadClass(className).getConstructors()) {
            if (constructor.getParameterCount() == args.length) {
                return constructor.newInstance(args);
            }
        }
        throw new IllegalArgumentException("No constructor of " + className + " takes " + args.length + " arguments");
    }

    private static Bundle install(BundleContext context, String location) throws Exception {
        return context.installBundle(location);
    }

    private static String jarOf(Class<?> type) throws Exception {
        return type.getProtectionDomain().getCodeSource().getLocation().toURI().toString();
    }
}
