// Next runs this file in the browser before it loads React and hydrates the page.
import { beginEarlyInspection } from '@/components/inspector/early-inspection';

beginEarlyInspection();
