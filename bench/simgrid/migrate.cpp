// SimGrid's live-migration plugin on one pre-copy scenario, for `npm run bench -- engine`:
// one VM whose guest computes without pause (so that it dirties memory at DIRTY_MIBPS), migrated
// COUNT times back and forth between two hosts joined by one link of BW_MIBPS. Prints the
// simulated time of the first migration and the wall time per migration after it.
//
// The plugin's model: the guest dirties intensity x migration speed bytes per second, capped at
// the working set; pre-copy rounds until what is left fits the maximum downtime (30 ms, fixed in
// SimGrid 3.32). CM02 without cross-traffic makes the link carry exactly its bandwidth.
//
// usage: migrate MEM_MIB BW_MIBPS DIRTY_MIBPS WS_MIB COUNT [--cfg=...]
#include <simgrid/plugins/live_migration.h>
#include <simgrid/s4u.hpp>
#include <simgrid/s4u/VirtualMachine.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>

namespace sg4 = simgrid::s4u;

int main(int argc, char** argv)
{
  sg4::Engine engine(&argc, argv);
  if (argc != 6) {
    std::fprintf(stderr, "usage: %s MEM_MIB BW_MIBPS DIRTY_MIBPS WS_MIB COUNT\n", argv[0]);
    return 2;
  }
  sg4::Engine::set_config("network/model:CM02");
  sg4::Engine::set_config("network/crosstraffic:0");
  const double mib = 1048576.0;
  const double memory = std::atof(argv[1]);
  const double bandwidth = std::atof(argv[2]);
  const double dirty_rate = std::atof(argv[3]);
  const double working_set = std::atof(argv[4]);
  const int count = std::atoi(argv[5]);
  sg_vm_live_migration_plugin_init();

  auto* zone = sg4::create_full_zone("world");
  auto* a = zone->create_host("A", 1e9);
  auto* b = zone->create_host("B", 1e9);
  auto* link = zone->create_link("link", bandwidth * mib)->set_latency(0)->seal();
  zone->add_route(a->get_netpoint(), b->get_netpoint(), nullptr, nullptr, {sg4::LinkInRoute(link)}, true);
  zone->seal();

  auto* vm = a->create_vm("vm", 1);
  vm->set_ramsize(static_cast<sg_size_t>(memory * mib));
  vm->start();
  sg_vm_set_migration_speed(vm, bandwidth * mib);
  sg_vm_set_dirty_page_intensity(vm, dirty_rate / bandwidth);
  sg_vm_set_working_set_memory(vm, static_cast<sg_size_t>(working_set * mib));

  // The guest: computes forever, in chunks small enough that the plugin sees its progress.
  sg4::Actor::create("guest", vm, [] {
    sg4::Actor::self()->daemonize();
    for (;;)
      sg4::this_actor::execute(1e12);
  });
  sg4::Actor::create("driver", a, [vm, a, b, count] {
    const double start = sg4::Engine::get_clock();
    sg_vm_migrate(vm, b);
    const double simulated = sg4::Engine::get_clock() - start;
    const auto t0 = std::chrono::steady_clock::now();
    for (int i = 0; i < count; i++)
      sg_vm_migrate(vm, vm->get_pm() == a ? b : a);
    const auto t1 = std::chrono::steady_clock::now();
    std::printf("simulated_s %.6f us_per_migration %.3f\n", simulated,
                std::chrono::duration<double, std::micro>(t1 - t0).count() / count);
  });
  engine.run();
  return 0;
}
