/*
 * Which ports the mock brokers listen on, and which they advertise.
 *
 * librdkafka 2.0.2 creates each mock broker's listener as bind(127.0.0.1:0) and then reads the
 * port back with getsockname(); that port goes into the bootstrap list and into every Metadata
 * and FindCoordinator answer. Broker 1's listener is bound first, then 2, ... A broker set down
 * and up again re-binds the address getsockname() returned. Interposing both calls (the
 * executable exports them, so librdkafka resolves them here) lets the brokers
 *   - listen on chosen ports (port base) instead of random ones, and
 *   - advertise other ports than they listen on, so that every client connection, bootstrap
 *     or per broker, reaches a front (TLS, SASL) that forwards to the listening port.
 */
#define _GNU_SOURCE
#include <dlfcn.h>
#include <netinet/in.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "listen-ports.h"

static int next_bind_port;              /* 0: let the kernel choose */
static int advertised[MAX_LISTENERS];   /* 0: advertise the listening port */
static int listening[MAX_LISTENERS];    /* the real port of the n-th listener */
static int listener_count;

void listen_ports_set_base(int port) { next_bind_port = port; }

int listen_ports_advertise_list(const char *list) {
        int count = 0;
        const char *item = list;
        for (;;) {
                char *end;
                long port = strtol(item, &end, 10);
                if (end == item || port < 1 || port > 65535 || count == MAX_LISTENERS || (*end && *end != ','))
                        return -1;
                advertised[count++] = (int)port;
                if (!*end)
                        return count;
                item = end + 1;
        }
}

void listen_ports_print_listening(void) {
        printf("listening ");
        for (int i = 0; i < listener_count; i++)
                printf("%s127.0.0.1:%d", i > 0 ? "," : "", listening[i]);
        printf("\n");
        fflush(stdout);
}

static int index_of(const int *ports, int port) {
        for (int i = 0; i < listener_count; i++)
                if (ports[i] == port)
                        return i;
        return -1;
}

static int port_of(int fd) {
        static int (*real_getsockname)(int, struct sockaddr *, socklen_t *);
        if (!real_getsockname)
                real_getsockname = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "getsockname");
        struct sockaddr_in bound;
        socklen_t len = sizeof bound;
        if (real_getsockname(fd, (struct sockaddr *)&bound, &len) != 0 || bound.sin_family != AF_INET)
                return 0;
        return ntohs(bound.sin_port);
}

int bind(int fd, const struct sockaddr *addr, socklen_t len) {
        static int (*real_bind)(int, const struct sockaddr *, socklen_t);
        if (!real_bind)
                real_bind = (int (*)(int, const struct sockaddr *, socklen_t))dlsym(RTLD_NEXT, "bind");
        if (!addr || addr->sa_family != AF_INET || len < sizeof(struct sockaddr_in))
                return real_bind(fd, addr, len);
        struct sockaddr_in chosen = *(const struct sockaddr_in *)addr;
        int requested = ntohs(chosen.sin_port);
        int relisten = requested ? index_of(advertised, requested) : -1;
        if (relisten >= 0) /* a broker coming back up: its listening port, not the advertised one */
                chosen.sin_port = htons((uint16_t)listening[relisten]);
        else if (requested == 0 && next_bind_port > 0)
                chosen.sin_port = htons((uint16_t)next_bind_port++);
        int result = real_bind(fd, (const struct sockaddr *)&chosen, sizeof chosen);
        if (result == 0 && requested == 0 && listener_count < MAX_LISTENERS)
                listening[listener_count++] = port_of(fd);
        return result;
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len) {
        static int (*real_getsockname)(int, struct sockaddr *, socklen_t *);
        if (!real_getsockname)
                real_getsockname = (int (*)(int, struct sockaddr *, socklen_t *))dlsym(RTLD_NEXT, "getsockname");
        int result = real_getsockname(fd, addr, len);
        if (result != 0 || addr->sa_family != AF_INET || *len < sizeof(struct sockaddr_in))
                return result;
        struct sockaddr_in *in = (struct sockaddr_in *)addr;
        int listener = index_of(listening, ntohs(in->sin_port));
        if (listener >= 0 && advertised[listener] > 0)
                in->sin_port = htons((uint16_t)advertised[listener]);
        return result;
}
