import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * A plain TCP forwarder from 127.0.0.1:LISTEN_PORT to 127.0.0.1:TARGET_PORT (the service reaches
 * PostgreSQL through it). Killing this process is a database outage for the service: every
 * connection through it drops and new ones are refused, without touching the shared PostgreSQL.
 *
 * Run: java bench/TcpProxy.java LISTEN_PORT TARGET_PORT
 */
public class TcpProxy {
    public static void main(String[] args) throws IOException {
        int listen = Integer.parseInt(args[0]);
        int target = Integer.parseInt(args[1]);
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket server = new ServerSocket()) {
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(loopback, listen), 512);
            System.out.println("proxy 127.0.0.1:" + listen + " -> 127.0.0.1:" + target);
            while (true) {
                Socket client = server.accept();
                Thread.ofVirtual().start(() -> {
                    try (client; Socket upstream = new Socket(loopback, target)) {
                        client.setTcpNoDelay(true);
                        upstream.setTcpNoDelay(true);
                        Thread back = Thread.ofVirtual().start(() -> pump(upstream, client));
                        pump(client, upstream);
                        // one side ended: PostgreSQL's protocol has no use for a half-open connection
                        upstream.close();
                        client.close();
                        back.join();
                    } catch (IOException | InterruptedException e) {
                        // the peer went away: the connection ends
                    }
                });
            }
        }
    }

    private static void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try {
            InputStream in = from.getInputStream();
            OutputStream out = to.getOutputStream();
            for (int n; (n = in.read(buffer)) >= 0; ) {
                out.write(buffer, 0, n);
            }
        } catch (IOException e) {
            // closed on the other side
        } finally {
            try {
                to.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
    }
}
