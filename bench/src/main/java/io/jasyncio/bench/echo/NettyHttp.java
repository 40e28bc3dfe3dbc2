package io.jasyncio.bench.echo;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * E3's HTTP/1.1 keep-alive server in Netty 4.2 with its HTTP codec ({@link HttpServerCodec}) and
 * one event loop thread (NIO) for accepting and for every connection: each request gets the same
 * response as {@link HttpRequests#RESPONSE} (headers in the codec's spelling), written when the
 * request's head arrives and flushed when a read burst ends. {@code NettyHttp PORT} listens on
 * 127.0.0.1:PORT (0: any free port), prints {@code READY <port>}, and serves until killed.
 */
public final class NettyHttp {
  private NettyHttp() {}

  private static final byte[] BODY = HttpRequests.BODY.getBytes(StandardCharsets.US_ASCII);

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
              .childHandler(
                  new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel c) {
                      c.pipeline().addLast(new HttpServerCodec(), new Hello());
                    }
                  })
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

  private static final class Hello extends ChannelInboundHandlerAdapter {
    @Override
    @SuppressWarnings("FutureReturnValueIgnored") // a failed write closes the channel
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
      try {
        if (msg instanceof HttpRequest req) {
          boolean keepAlive = HttpUtil.isKeepAlive(req);
          ByteBuf body = Unpooled.wrappedBuffer(BODY);
          FullHttpResponse res =
              new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK, body);
          res.headers()
              .set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.TEXT_PLAIN)
              .setInt(HttpHeaderNames.CONTENT_LENGTH, BODY.length);
          if (keepAlive) {
            ctx.write(res, ctx.voidPromise());
          } else {
            res.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(res).addListener(ChannelFutureListener.CLOSE);
          }
        }
        // HttpContent (a body's chunks, LastHttpContent): dropped
      } finally {
        ReferenceCountUtil.release(msg);
      }
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
