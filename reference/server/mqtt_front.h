/* jobsref's MQTT front: a libmosquitto client that serves the Jobs device
 * API's reserved request topics for every thing from the same jr_machine as
 * the HTTP listeners (one state, three planes), and publishes notify and
 * notify-next when a thing's pending executions change.
 *
 * Ordering guarantee (declared as "mqttOrdered": true by GET /_jobsref/info,
 * and relied on by jobsconf's device scenarios instead of quiet windows):
 * all publishing goes through one connection, under the machine's lock, and
 *   1. requests are handled one at a time, in the order the broker delivers
 *      them;
 *   2. before a request is handled, every notification caused by a change
 *      completed before it arrived (an HTTP or admin request answered, an
 *      earlier MQTT request, a timer due by then) is published;
 *   3. then its reply, then the notifications the request itself caused,
 *      all before the next request is handled.
 * With a broker that forwards one client's messages to a subscriber in the
 * order it received them (mosquitto keeps one ordered queue per session),
 * a device that has the reply to a request R has already received every
 * reply and notification published for anything done before R was sent. */
#ifndef JR_MQTT_FRONT_H
#define JR_MQTT_FRONT_H

#include <pthread.h>
#include <stddef.h>

#include "jobsref/jobsref.h"
#include "jobsref/mqtt.h"

typedef struct jr_mqtt_front jr_mqtt_front;

/* Connects to the broker at `url` (mqtt://host:port), subscribes to
 * $aws/things/+/jobs/# and returns once the subscription is granted (or NULL
 * with a message in err). Every call into `machine` holds `lock`; `vclock`
 * is the machine's virtual clock, or NULL for the real clock. */
jr_mqtt_front *jr_mqtt_front_start(const char *url, jr_machine *machine, pthread_mutex_t *lock,
                                   const jr_virtual_clock *vclock, uint64_t presign_key, char *err, size_t err_len);
/* Tells the front that the machine may have changed (an HTTP request was
 * served, the clock moved): it rescans the notifications soon, on its own
 * thread. Cheap; never blocks on the broker. */
void jr_mqtt_front_poke(jr_mqtt_front *f);
/* Disconnects and frees. */
void jr_mqtt_front_stop(jr_mqtt_front *f);
/* Parses mqtt://host:port (port default 1883). False on anything else. */
bool jr_mqtt_parse_url(const char *url, char *host, size_t host_len, int *port);

#endif
