// The app's frame: who is logged in decides between the login screen and the screens of the app.
import { useEffect, useState } from "preact/hooks";
import { LocationProvider, Route, Router } from "preact-iso";
import { ApiProblem, isOffline } from "./api/client";
import { onLoginEnded, resume } from "./api/session";
import { Nav } from "./components/nav";
import { HeldBanner } from "./components/held";
import { adopt, heldALogin, sync } from "./data";
import { Calendar } from "./screens/calendar";
import { Changes } from "./screens/changes";
import { ContactForm } from "./screens/contact-form";
import { Contact } from "./screens/contact";
import { Contacts } from "./screens/contacts";
import { Import } from "./screens/import";
import { EMAIL_LINK_SCREENS } from "./screens/email-link";
import { Login } from "./screens/login";
import { After } from "./screens/after";
import { Chat } from "./screens/chat";
import { MeetingForm } from "./screens/meeting-form";
import { Meeting } from "./screens/meeting";
import { Settings } from "./screens/settings";
import { Stats } from "./screens/stats";
import { Today } from "./screens/today";

type State = "starting" | "logged-out" | "logged-in";

const LOGIN_ENDED = "Your login has ended. Log in again: changes you made on this device are kept and sent after.";

export function App() {
  const [state, setState] = useState<State>("starting");
  const [notice, setNotice] = useState<string | null>(null);

  useEffect(() => {
    resume()
      .then(async (resumed) => {
        if (resumed) {
          await adopt();
        }
        setState(resumed ? "logged-in" : "logged-out");
      })
      .catch(async (problem: unknown) => {
        if (isOffline(problem) && (await heldALogin())) {
          setState("logged-in"); // offline: the screens show what this device last saw
          return;
        }
        setNotice(problem instanceof ApiProblem ? problem.message : String(problem));
        setState("logged-out");
      });
  }, []);

  useEffect(
    () =>
      onLoginEnded(() => {
        setNotice(LOGIN_ENDED);
        setState("logged-out");
      }),
    [],
  );

  // Logged in: my writes sent and the store brought up to date, whichever screen opens first.
  useEffect(() => {
    if (state === "logged-in") {
      void sync().catch(() => undefined);
    }
  }, [state]);

  // Back online: what was written offline is sent.
  useEffect(() => {
    const online = () => void sync().catch(() => undefined);
    window.addEventListener("online", online);
    return () => window.removeEventListener("online", online);
  }, []);

  const EmailLink = EMAIL_LINK_SCREENS[location.pathname.replace(/\/$/, "")];
  if (EmailLink) {
    return <EmailLink />;
  }
  if (state === "starting") {
    return <main class="screen" aria-busy="true" />;
  }
  if (state === "logged-out") {
    const enter = () => {
      adopt()
        .then(() => {
          setNotice(null);
          setState("logged-in");
        })
        .catch((problem: unknown) => setNotice(problem instanceof ApiProblem ? problem.message : String(problem)));
    };
    return <Login notice={notice} onLoggedIn={enter} />;
  }
  return (
    <LocationProvider scope="/app">
      <header class="bar">
        <a class="brand" href="/app/">
          coffeechat
        </a>
        <Nav />
      </header>
      <HeldBanner />
      <Router>
        <Route path="/app/" component={Today} />
        <Route path="/app/contacts" component={Contacts} />
        <Route path="/app/contacts/new" component={ContactForm} />
        <Route path="/app/contacts/import" component={Import} />
        <Route path="/app/contacts/:id" component={Contact} />
        <Route path="/app/contacts/:id/edit" component={ContactForm} />
        <Route path="/app/meetings/new" component={MeetingForm} />
        <Route path="/app/meetings/:id" component={Meeting} />
        <Route path="/app/meetings/:id/edit" component={MeetingForm} />
        <Route path="/app/meetings/:id/chat" component={Chat} />
        <Route path="/app/meetings/:id/after" component={After} />
        <Route path="/app/calendar" component={Calendar} />
        <Route path="/app/import" component={Import} />
        <Route path="/app/stats" component={Stats} />
        <Route path="/app/settings" component={Settings} />
        <Route path="/app/changes" component={Changes} />
        <Route default component={Today} />
      </Router>
    </LocationProvider>
  );
}
