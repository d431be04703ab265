import { Center, Loader } from '@mantine/core';
import type { ReactElement } from 'react';
import { Navigate, Route, Routes } from 'react-router-dom';
import { useAuth } from './auth/auth-context';
import { AccountPage } from './pages/account/account-page';
import { AdminPage } from './pages/admin/admin-page';
import { AppLayout } from './layout/app-layout';
import { homeFor } from './layout/navigation';
import { AuditPage } from './pages/audit/audit-page';
import { DashboardPage } from './pages/dashboard-page';
import { DataManagementPage } from './pages/data-management-page';
import { ExportsPage } from './pages/exports-page';
import { LoginPage } from './pages/login-page';
import { QueriesPage } from './pages/queries/queries-page';
import { ReportsPage } from './pages/reports-page';
import { ScreeningPage } from './pages/screening/screening-page';
import { ParticipantPage } from './pages/participant/participant-page';
import { ParticipantsPage } from './pages/participants-page';
import { SystemStatusPage } from './pages/system-status-page';

/** Screens built so far, by path (navigation shows only these). */
const SCREENS: { path: string; element: ReactElement }[] = [
  { path: '/admin', element: <AdminPage /> },
  { path: '/dashboard', element: <DashboardPage /> },
  { path: '/participants', element: <ParticipantsPage /> },
  { path: '/screening', element: <ScreeningPage /> },
  { path: '/queries', element: <QueriesPage /> },
  { path: '/audit', element: <AuditPage /> },
  { path: '/platform-log', element: <AuditPage studyPeople key="platform-log" /> },
  { path: '/reports', element: <ReportsPage /> },
  { path: '/exports', element: <ExportsPage /> },
  { path: '/data-management', element: <DataManagementPage /> },
  { path: '/status', element: <SystemStatusPage /> },
  { path: '/account', element: <AccountPage /> },
];
const AVAILABLE = new Set(SCREENS.map((s) => s.path));

export function App() {
  const { status, active } = useAuth();
  if (status === 'loading')
    return (
      <Center mih="100vh">
        <Loader aria-label="Loading" />
      </Center>
    );
  if (status === 'signed-out') return <LoginPage />;
  const home = homeFor(active?.role ?? 'admin', AVAILABLE);
  return (
    <Routes>
      <Route element={<AppLayout available={AVAILABLE} />}>
        {SCREENS.map((s) => (
          <Route key={s.path} path={`${s.path}/*`} element={s.element} />
        ))}
        <Route path="/participants/:participantId" element={<ParticipantPage />} />
        <Route path="*" element={<Navigate to={home} replace />} />
      </Route>
    </Routes>
  );
}
