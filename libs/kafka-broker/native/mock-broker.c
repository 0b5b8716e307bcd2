/*
 * A local Kafka-protocol broker: librdkafka's mock cluster behind a tiny line protocol.
 *
 *   mock-kafka-broker [--brokers N] [--topic name:partitions]... [--port-base P]
 *                     [--advertise-ports P1,P2,...]
 *
 * Prints the bootstrap list (host:port,...) as its first stdout line; with --advertise-ports
 * (one port per broker, where a front listens and forwards) the brokers advertise those ports
 * and a second line `listening host:port,...` says where broker 1, 2, ... really listen.
 * Then answers one line ("ok" or "err <why>") per command read on stdin:
 *   topic <name> <partitions> | down <id> | up <id> | rtt <id> <ms>
 *   errors <apiKey> <errorCode> <count> | leader <topic> <partition> <id>
 * Exits on SIGTERM/SIGINT or when stdin reaches end of file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <librdkafka/rdkafka.h>
#include <librdkafka/rdkafka_mock.h>

#include "listen-ports.h"

#define MAX_LINE 1024
#define MAX_TOPIC_NAME 249

static rd_kafka_mock_cluster_t *cluster;
static int broker_count = 3;
static int signal_pipe[2] = {-1, -1};

/*
 * librdkafka 2.0.2's mock reports controller id 0 while its brokers are numbered 1..N, which
 * breaks admin clients and idempotent producers. The (private) cluster struct starts with
 * `char id[32]; rd_kafka_t *rk; int32_t controller_id;` in 2.0.2 and later; the layout is
 * checked against the handle we own before anything is written.
 */
struct mock_cluster_head {
        char id[32];
        rd_kafka_t *rk;
        int32_t controller_id;
};

static void fix_controller_id(rd_kafka_t *rk) {
        struct mock_cluster_head *head = (struct mock_cluster_head *)cluster;
        if (head->rk != rk || memchr(head->id, '\0', sizeof head->id) == NULL) {
                fprintf(stderr, "mock-kafka-broker: unexpected mock cluster layout; controller id left as is\n");
                return;
        }
        if (head->controller_id < 1 || head->controller_id > broker_count)
                head->controller_id = 1;
}

static void reply(const char *format, ...) {
        va_list args;
        va_start(args, format);
        vprintf(format, args);
        va_end(args);
        putchar('\n');
        fflush(stdout);
}

static void reply_result(rd_kafka_resp_err_t err) {
        if (err)
                reply("err %s", rd_kafka_err2str(err));
        else
                reply("ok");
}

static int parse_int(const char *text, long min, long max, long *out) {
        char *end;
        errno = 0;
        long value = strtol(text, &end, 10);
        if (errno || end == text || *end != '\0' || value < min || value > max)
                return 0;
        *out = value;
        return 1;
}

static int valid_broker(long id) { return id >= 1 && id <= broker_count; }

static void create_topic(const char *name, long partitions) {
        int replication = broker_count < 3 ? broker_count : 3;
        rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster, name, (int)partitions, replication);
        /* Creating a topic that exists is not an error, as with Kafka's CreateTopics + "if missing". */
        reply_result(err == RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS ? RD_KAFKA_RESP_ERR_NO_ERROR : err);
}

static void push_errors(long api_key, long error_code, long count) {
        rd_kafka_resp_err_t *errors = calloc((size_t)count, sizeof *errors);
        if (!errors) {
                reply("err out of memory");
                return;
        }
        for (long i = 0; i < count; i++)
                errors[i] = (rd_kafka_resp_err_t)error_code;
        rd_kafka_mock_push_request_errors_array(cluster, (int16_t)api_key, (size_t)count, errors);
        free(errors);
        reply("ok");
}

/* Splits `line` on spaces into at most `max` words; returns the word count. */
static int split_words(char *line, char **words, int max) {
        int count = 0;
        for (char *word = strtok(line, " \t\r"); word; word = strtok(NULL, " \t\r")) {
                if (count == max)
                        return max + 1;
                words[count++] = word;
        }
        return count;
}

static void run_command(char *line) {
        char *w[5];
        long a, b, c;
        int n = split_words(line, w, 4);
        const char *cmd = n > 0 ? w[0] : "";
        if (n == 0) {
                reply("err empty command");
        } else if (!strcmp(cmd, "topic")) {
                if (n != 3 || strlen(w[1]) > MAX_TOPIC_NAME || !parse_int(w[2], 1, 100000, &a))
                        reply("err usage: topic <name> <partitions>");
                else
                        create_topic(w[1], a);
        } else if (!strcmp(cmd, "down") || !strcmp(cmd, "up")) {
                if (n != 2 || !parse_int(w[1], INT32_MIN, INT32_MAX, &a) || !valid_broker(a))
                        reply("err usage: %s <brokerId 1..%d>", cmd, broker_count);
                else if (cmd[0] == 'd')
                        reply_result(rd_kafka_mock_broker_set_down(cluster, (int32_t)a));
                else
                        reply_result(rd_kafka_mock_broker_set_up(cluster, (int32_t)a));
        } else if (!strcmp(cmd, "rtt")) {
                if (n != 3 || !parse_int(w[1], INT32_MIN, INT32_MAX, &a) || !valid_broker(a) ||
                    !parse_int(w[2], 0, 3600000, &b))
                        reply("err usage: rtt <brokerId 1..%d> <ms>", broker_count);
                else
                        reply_result(rd_kafka_mock_broker_set_rtt(cluster, (int32_t)a, (int)b));
        } else if (!strcmp(cmd, "errors")) {
                if (n != 4 || !parse_int(w[1], 0, INT16_MAX, &a) || !parse_int(w[2], -200, 32767, &b) ||
                    !parse_int(w[3], 1, 100000, &c))
                        reply("err usage: errors <apiKey> <errorCode> <count>");
                else
                        push_errors(a, b, c);
        } else if (!strcmp(cmd, "leader")) {
                if (n != 4 || strlen(w[1]) > MAX_TOPIC_NAME || !parse_int(w[2], 0, INT32_MAX, &a) ||
                    !parse_int(w[3], INT32_MIN, INT32_MAX, &b) || !valid_broker(b))
                        reply("err usage: leader <topic> <partition> <brokerId 1..%d>", broker_count);
                else
                        reply_result(rd_kafka_mock_partition_set_leader(cluster, w[1], (int32_t)a, (int32_t)b));
        } else {
                reply("err unknown command: %s", cmd);
        }
}

static void on_signal(int signo) {
        (void)signo;
        int saved = errno;
        if (write(signal_pipe[1], "x", 1) < 0) { /* nothing more can be done in a handler */ }
        errno = saved;
}

static int install_signal_handlers(void) {
        if (pipe(signal_pipe) != 0)
                return 0;
        struct sigaction action;
        memset(&action, 0, sizeof action);
        action.sa_handler = on_signal;
        sigemptyset(&action.sa_mask);
        signal(SIGPIPE, SIG_IGN);
        return sigaction(SIGTERM, &action, NULL) == 0 && sigaction(SIGINT, &action, NULL) == 0;
}

/* Reads commands until end of input or a termination signal. */
static void serve_commands(void) {
        char buffer[MAX_LINE + 1];
        size_t used = 0;
        int discarding = 0; /* inside an over-long line */
        struct pollfd fds[2] = {{.fd = STDIN_FILENO, .events = POLLIN}, {.fd = signal_pipe[0], .events = POLLIN}};
        for (;;) {
                if (poll(fds, 2, -1) < 0) {
                        if (errno == EINTR)
                                continue;
                        return;
                }
                if (fds[1].revents)
                        return;
                ssize_t got = read(STDIN_FILENO, buffer + used, MAX_LINE - used);
                if (got < 0 && (errno == EINTR || errno == EAGAIN))
                        continue;
                if (got <= 0)
                        return;
                used += (size_t)got;
                char *start = buffer, *newline;
                while ((newline = memchr(start, '\n', used - (size_t)(start - buffer)))) {
                        *newline = '\0';
                        if (discarding)
                                reply("err line too long");
                        else
                                run_command(start);
                        discarding = 0;
                        start = newline + 1;
                }
                used -= (size_t)(start - buffer);
                memmove(buffer, start, used);
                if (used == MAX_LINE) {
                        discarding = 1;
                        used = 0;
                }
        }
}

static int advertised_count;

static void usage_exit(const char *why) {
        fprintf(stderr, "mock-kafka-broker: %s\nusage: mock-kafka-broker [--brokers N] [--topic name:partitions]... [--port-base P]"
                " [--advertise-ports P1,P2,...]\n", why);
        exit(2);
}

int main(int argc, char **argv) {
        long value;
        for (int i = 1; i < argc; i++) {
                if (i + 1 >= argc)
                        usage_exit("missing value");
                if (!strcmp(argv[i], "--brokers")) {
                        if (!parse_int(argv[++i], 1, 64, &value))
                                usage_exit("--brokers wants 1..64");
                        broker_count = (int)value;
                } else if (!strcmp(argv[i], "--port-base")) {
                        if (!parse_int(argv[++i], 1, 65535 - 64, &value))
                                usage_exit("--port-base wants a port number");
                        listen_ports_set_base((int)value);
                } else if (!strcmp(argv[i], "--advertise-ports")) {
                        advertised_count = listen_ports_advertise_list(argv[++i]);
                        if (advertised_count < 0)
                                usage_exit("--advertise-ports wants one port per broker, comma-separated");
                } else if (!strcmp(argv[i], "--topic")) {
                        i++; /* checked once the cluster exists */
                } else {
                        usage_exit("unknown argument");
                }
        }
        if (advertised_count > 0 && advertised_count != broker_count)
                usage_exit("--advertise-ports wants exactly one port per broker");
        if (!install_signal_handlers())
                usage_exit("cannot install signal handlers");

        char errstr[512];
        rd_kafka_conf_t *conf = rd_kafka_conf_new();
        rd_kafka_conf_set(conf, "log_level", "3", errstr, sizeof errstr);
        rd_kafka_t *rk = rd_kafka_new(RD_KAFKA_PRODUCER, conf, errstr, sizeof errstr);
        if (!rk) {
                fprintf(stderr, "mock-kafka-broker: %s\n", errstr);
                return 1;
        }
        cluster = rd_kafka_mock_cluster_new(rk, broker_count);
        if (!cluster) {
                fprintf(stderr, "mock-kafka-broker: cannot create the mock cluster (ports taken?)\n");
                rd_kafka_destroy(rk);
                return 1;
        }
        fix_controller_id(rk);

        for (int i = 1; i < argc; i++) {
                if (strcmp(argv[i], "--topic"))
                        continue;
                char spec[MAX_TOPIC_NAME + 16];
                if (strlen(argv[++i]) >= sizeof spec)
                        usage_exit("--topic name too long");
                strcpy(spec, argv[i]);
                char *colon = strrchr(spec, ':');
                if (!colon || colon == spec || !parse_int(colon + 1, 1, 100000, &value))
                        usage_exit("--topic wants name:partitions");
                *colon = '\0';
                int replication = broker_count < 3 ? broker_count : 3;
                rd_kafka_resp_err_t err = rd_kafka_mock_topic_create(cluster, spec, (int)value, replication);
                if (err && err != RD_KAFKA_RESP_ERR_TOPIC_ALREADY_EXISTS) {
                        fprintf(stderr, "mock-kafka-broker: topic %s: %s\n", spec, rd_kafka_err2str(err));
                        return 1;
                }
        }

        reply("%s", rd_kafka_mock_cluster_bootstraps(cluster));
        if (advertised_count > 0)
                listen_ports_print_listening();
        serve_commands();

        rd_kafka_mock_cluster_destroy(cluster);
        rd_kafka_destroy(rk);
        return 0;
}
