package dkg.services;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.BoltConnectorInternalSettings;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.dbms.api.DatabaseManagementService;
import org.neo4j.dbms.api.DatabaseManagementServiceBuilder;
import org.neo4j.io.ByteUnit;

/**
 * Local Neo4j Community server for development and CI: an embedded DBMS with the Bolt connector on
 * HOST:PORT, authentication disabled, data under HOME. Runs until the JVM is told to stop (SIGTERM or
 * SIGINT), then shuts the DBMS down cleanly from a shutdown hook.
 *
 * <p>Usage: {@code java -cp ... dkg.services.Neo4jServer HOME [PORT [HOST]]} (defaults 7687, 127.0.0.1).
 */
public final class Neo4jServer {
    private Neo4jServer() {}

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: Neo4jServer HOME [PORT [HOST]]");
            System.exit(2);
        }
        Path home = Path.of(args[0]).toAbsolutePath();
        int port = args.length > 1 ? Integer.parseInt(args[1]) : 7687;
        String host = args.length > 2 ? args[2] : "127.0.0.1";
        long pageCacheMiB = Long.getLong("dkg.neo4j.pagecacheMiB", 256L);

        DatabaseManagementService dbms = new DatabaseManagementServiceBuilder(home)
                .setConfig(BoltConnector.enabled, true)
                .setConfig(BoltConnector.listen_address, new SocketAddress(host, port))
                .setConfig(BoltConnector.advertised_address, new SocketAddress(host, port))
                .setConfig(GraphDatabaseSettings.auth_enabled, false)
                .setConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(pageCacheMiB))
                // No usage reports from a dev/CI box.
                .setConfig(GraphDatabaseSettings.udc_enabled, false)
                // Stop in ~2 s instead of ~10 s (defaults wait 5 s twice for idle Bolt connections/threads).
                .setConfig(BoltConnectorInternalSettings.connection_shutdown_wait_time, Duration.ofSeconds(1))
                .setConfig(BoltConnectorInternalSettings.thread_pool_shutdown_wait_time, Duration.ofSeconds(1))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("dkg-neo4j: shutting down");
            try {
                dbms.shutdown();
            } finally {
                stopped.countDown();
            }
            System.out.println("dkg-neo4j: stopped");
        }, "dkg-neo4j-shutdown"));

        boolean available = dbms.database(GraphDatabaseSettings.DEFAULT_DATABASE_NAME).isAvailable(120_000);
        System.out.printf("dkg-neo4j: ready=%s bolt://%s:%d home=%s%n", available, host, port, home);
        System.out.flush();
        stopped.await();
    }
}
