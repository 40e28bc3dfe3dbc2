package io.jasyncio.bench.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;

/**
 * E1's echo server in Netty 4.2 with one event loop thread (NIO) for accepting and for every
 * connection, as jasyncio and asyncio have: the handler writes back each buffer it reads and
 * flushes when a read burst ends. {@code NettyEcho PORT} listens on 127.0.0.1:PORT (0: any free
 * port), prints {@code READY <port>}, and serves until killed. Netty's defaults otherwise (pooled
 * buffers, adaptive read sizes, leak detection's sampling).
 */
public final class NettyEcho {
  private NettyEcho() {}

  public static void main(String[] args) throws InterruptedException {
    int port = Integer.parseInt(args[0]);
    EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    try {
      Channel ch =
          new ServerBootstrap()
              .group(group, group)
              .channel(NioServerSocketChannel.class)
              .option(ChannelOption.SO_BACKLOG, 1024)
              .childOption(ChannelOption.TCP_NODELAY, true)
              .childHandler(new Echo())
              .bind("127.0.0.1", port)
              .sync()
              .channel();
      System.out.println("READY " + ((InetSocketAddress) ch.localAddress()).getPort());
      System.out.flush();
      ch.closeFuture().sync();
    } finally {
      group.shutdownGracefully().syncUninterruptibly();
    }
  }

  @Sharable
  private static final class Echo extends ChannelInboundHandlerAdapter {
    @Override
    @SuppressWarnings("FutureReturnValueIgnored") // a failed write closes the channel
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      ctx.write(msg, ctx.voidPromise());
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      ctx.flush();
    }

    @Override
    @SuppressWarnings("FutureReturnValueIgnored")
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      ctx.close(); // the load generator went away
    }
  }
}
