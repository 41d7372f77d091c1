// Calendar: my feed to subscribe to, my next chats, invitation files to import, my CalDAV calendar and its status.
import { Caldav } from "../components/calendar/caldav";
import { FeedSection } from "../components/calendar/feed";
import { ImportLink } from "../components/calendar/import-link";
import { Upcoming } from "../components/calendar/upcoming";
import { OfflineNotice } from "../components/online";
import { Screen } from "../components/screen";
import { lastSyncOffline } from "../data";
import { useLocal } from "../hooks";

export function Calendar() {
  // Whether the last sync found no network (the list of chats refreshes the store on opening).
  const { data: offline } = useLocal(async () => lastSyncOffline());
  return (
    <Screen title="Calendar">
      <OfflineNotice offline={offline === true} />
      <FeedSection />
      <Upcoming />
      <ImportLink />
      <Caldav />
    </Screen>
  );
}
